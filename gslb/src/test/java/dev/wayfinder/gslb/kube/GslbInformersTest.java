package dev.wayfinder.gslb.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.source.api.SourceScope;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A Gslb API group whose CRD is not installed is left out; the other group and the other caches still load. */
@EnableKubernetesMockClient
class GslbInformersTest {

    static final String EMPTY = "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"metadata\":{\"resourceVersion\":\"1\"},\"items\":[]}";

    KubernetesMockServer server;
    KubernetesClient client;

    void listAndWatch(String path, String emptyList) {
        server.expect().get().withPath(path + "?resourceVersion=0").andReturn(200, emptyList).always();
        server.expect().get().withPath(path + "?allowWatchBookmarks=true&resourceVersion=1&timeoutSeconds=600&watch=true")
                .andUpgradeToWebSocket().open().done().always();
    }

    @Test
    void aMissingGslbCrdIsSkipped() throws Exception {
        server.expect().get().withPath("/apis/k8gb.absa.oss/v1beta1/gslbs?limit=1")
                .andReturn(404, new StatusBuilder().withCode(404).withReason("NotFound").withMessage("the server could not find the requested resource")
                        .build()).always();
        server.expect().get().withPath("/apis/k8gb.io/v1beta1/gslbs?limit=1")
                .andReturn(200, EMPTY).always();
        listAndWatch("/apis/k8gb.io/v1beta1/gslbs", EMPTY);
        listAndWatch("/apis/networking.k8s.io/v1/ingresses", EMPTY);
        listAndWatch("/api/v1/services", EMPTY);
        listAndWatch("/apis/discovery.k8s.io/v1/endpointslices", EMPTY);

        try (GslbInformers informers = new GslbInformers(client, SourceScope.ALL, () -> { })) {
            informers.start().get(10, TimeUnit.SECONDS);

            assertThat(informers.groups()).containsExactly(GslbInformers.CANONICAL);
            assertThat(informers.hasSynced()).isTrue();
            assertThat(informers.gslbs()).isEmpty();
        }
    }

    /**
     * The kinds of resourceRef are watched from the first Gslb that names them; one whose CRD is not installed, or that RBAC
     * does not let the controller list, is named as such (and asked again later), never watched blindly.
     */
    @Test
    void referencedKindsAreWatchedOnDemandAndAMissingOrForbiddenOneIsNamed() {
        server.expect().get().withPath("/apis/gateway.networking.k8s.io/v1/httproutes?limit=1")
                .andReturn(404, new StatusBuilder().withCode(404).withReason("NotFound").build()).always();
        server.expect().get().withPath("/apis/networking.istio.io/v1/virtualservices?limit=1")
                .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden").build()).always();
        server.expect().get().withPath("/apis/gateway.networking.k8s.io/v1/gateways?limit=1").andReturn(200, EMPTY).always();
        listAndWatch("/apis/gateway.networking.k8s.io/v1/gateways", EMPTY);
        RefKind httpRoute = RefKind.route("gateway.networking.k8s.io/v1", "HTTPRoute").orElseThrow();
        RefKind virtualService = RefKind.virtualService("networking.istio.io/v1").orElseThrow();
        java.util.concurrent.atomic.AtomicInteger changes = new java.util.concurrent.atomic.AtomicInteger();

        try (GslbInformers informers = new GslbInformers(client, SourceScope.ALL, changes::incrementAndGet)) {
            assertThat(informers.unavailable(httpRoute)).hasValueSatisfying(v -> assertThat(v).startsWith("waiting for the first list"));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(informers.unavailable(httpRoute)).contains(
                        "HTTPRoute gateway.networking.k8s.io/v1 is not served by this cluster (its CRD is not installed)");
                assertThat(informers.unavailable(virtualService)).contains("the controller may not list VirtualService"
                        + " networking.istio.io/v1 objects (RBAC: get, list, watch virtualservices.networking.istio.io)");
                assertThat(informers.unavailable(RefKind.GATEWAY)).isEmpty();
            });
            assertThat(changes.get()).as("each answer asks for a pass").isPositive();
            assertThat(informers.objects(RefKind.GATEWAY, "test-gslb")).isEmpty();
        }
    }
}
