package dev.wayfinder.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wayfinder.config.ControllerConfig;
import dev.wayfinder.model.Changes;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.provider.memory.MemoryProvider;
import dev.wayfinder.server.ops.OpsServer;
import dev.wayfinder.source.api.KubernetesEvents;
import dev.wayfinder.testing.CrudMockApi;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The controller against fabric8's CRUD mock API and the in-memory provider: events, conflicts and bad input. */
@CrudMockApi
class ControllerMemoryTest {

    static KubernetesClient client;

    MemoryProvider provider;
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Controller controller;

    @BeforeEach
    void start() throws Exception {
        ControllerConfig config = TestConfigs.config("inmemory", Map.of());
        provider = new MemoryProvider(config.domainFilter());
        provider.apply(Changes.create(new Endpoint(dev.wayfinder.model.DnsName.of("legacy.foowidgets.k8s"), RecordType.A,
                List.of("10.10.10.10"), 300, "", Metadata.owned("other-cluster", "service/x/legacy"))));
        controller = new Controller(config, client, provider, meters, new KubernetesEvents(client), p -> { });
        controller.start();
    }

    @AfterEach
    void stop() {
        controller.close();
        client.services().inAnyNamespace().delete();
        client.network().v1().ingresses().inAnyNamespace().delete();
        client.discovery().v1().endpointSlices().inAnyNamespace().delete();
        client.genericKubernetesResources(dev.wayfinder.source.KubernetesSources.DNS_ENDPOINT).inAnyNamespace().delete();
        client.v1().events().inAnyNamespace().delete();
    }

    Optional<Endpoint> record(String name, RecordType type) {
        return provider.records().stream().filter(e -> e.name().toString().equals(name) && e.type() == type).findFirst();
    }

    @Test
    void invalidInputIsReportedAndTheValidPartStaysPublished() {
        client.resource(ObjectsFixture.loadBalancer("mixed", Map.of(ObjectsFixture.HOSTNAME, "ok.foowidgets.k8s,bad_name.foowidgets.k8s",
                "external-dns.alpha.kubernetes.io/ttl", "-5"), "172.18.200.7")).create();
        client.resource(ObjectsFixture.loadBalancer("fine", Map.of(ObjectsFixture.HOSTNAME, "fine.foowidgets.k8s"), "172.18.200.8")).create();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(record("ok.foowidgets.k8s", RecordType.A)).get().extracting(Endpoint::targets).isEqualTo(List.of("172.18.200.7"));
            assertThat(record("fine.foowidgets.k8s", RecordType.A)).isPresent();
            List<Event> events = client.v1().events().inNamespace("default").list().getItems();
            assertThat(events).anySatisfy(e -> {
                assertThat(e.getInvolvedObject().getName()).isEqualTo("mixed");
                assertThat(e.getReason()).isEqualTo("Invalid");
                assertThat(e.getMessage()).contains("external-dns.alpha.kubernetes.io/hostname").contains("bad_name");
            });
            assertThat(events).anySatisfy(e -> assertThat(e.getMessage()).contains("external-dns.alpha.kubernetes.io/ttl").contains("-5"));
        });
        assertThat(record("legacy.foowidgets.k8s", RecordType.A)).get().extracting(e -> e.metadata().owner()).isEqualTo("other-cluster");
    }

    @Test
    void twoObjectsClaimingOneNameGiveOneWinnerAndAConflictEventForTheLoser() {
        client.resource(ObjectsFixture.loadBalancer("a-first", Map.of(ObjectsFixture.HOSTNAME, "shared.foowidgets.k8s"), "172.18.200.1")).create();
        client.resource(ObjectsFixture.loadBalancer("b-second", Map.of(ObjectsFixture.HOSTNAME, "shared.foowidgets.k8s"), "172.18.200.2")).create();
        client.resource(ObjectsFixture.loadBalancer("thief", Map.of(ObjectsFixture.HOSTNAME, "legacy.foowidgets.k8s"), "172.18.200.3")).create();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(record("shared.foowidgets.k8s", RecordType.A)).get().extracting(Endpoint::targets).isEqualTo(List.of("172.18.200.1"));
            List<Event> events = client.v1().events().inNamespace("default").list().getItems();
            assertThat(events).anySatisfy(e -> {
                assertThat(e.getInvolvedObject().getName()).isEqualTo("b-second");
                assertThat(e.getReason()).isEqualTo("Conflict");
            });
            assertThat(events).anySatisfy(e -> {
                assertThat(e.getInvolvedObject().getName()).isEqualTo("thief");
                assertThat(e.getMessage()).contains("owner other-cluster");
            });
        });
        assertThat(record("legacy.foowidgets.k8s", RecordType.A)).get().extracting(Endpoint::targets).isEqualTo(List.of("10.10.10.10"));
    }

    @Test
    void metricsAndProbesReflectTheKubernetesApiAndTheProvider() throws Exception {
        client.resource(ObjectsFixture.loadBalancer("nginx", Map.of(ObjectsFixture.HOSTNAME, "nginx.foowidgets.k8s"), "172.18.200.101")).create();
        try (OpsServer ops = OpsServer.start(new InetSocketAddress("127.0.0.1", 0), meters, controller.liveness(), controller.readiness())) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + ops.address().getPort();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
                assertThat(ready.body()).contains("kubernetes", "provider inmemory");
                String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
                assertThat(metrics).contains("wayfinder_controller_records_managed{type=\"A\"} 1.0", "wayfinder_controller_consecutive_errors 0.0",
                        "wayfinder_controller_reconcile_duration_seconds_count", "wayfinder_controller_last_sync_timestamp_seconds",
                        "wayfinder_controller_planned_changes_total{kind=\"create\"}");
            });
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void headlessServiceFollowsItsEndpointSlicesAndDnsEndpointsArePublished() {
        client.resource(new io.fabric8.kubernetes.api.model.ServiceBuilder()
                .withNewMetadata().withNamespace("default").withName("grpc").addToAnnotations(ObjectsFixture.HOSTNAME, "grpc.foowidgets.k8s").endMetadata()
                .withNewSpec().withClusterIP("None").withType("ClusterIP").addNewPort().withName("grpc").withPort(9090).endPort().endSpec().build()).create();
        io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice slice = new io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder()
                .withNewMetadata().withNamespace("default").withName("grpc-1").addToLabels("kubernetes.io/service-name", "grpc").endMetadata()
                .withAddressType("IPv4").addNewPort().withName("grpc").withProtocol("TCP").withPort(9090).endPort()
                .addNewEndpoint().withAddresses("10.244.0.5").withHostname("grpc-0").withNewTargetRef().withKind("Pod").withName("grpc-0")
                .endTargetRef().withNewConditions().withReady(true).endConditions().endEndpoint()
                .addNewEndpoint().withAddresses("10.244.0.6").withHostname("grpc-1").withNewTargetRef().withKind("Pod").withName("grpc-1")
                .endTargetRef().withNewConditions().withReady(true).endConditions().endEndpoint()
                .build();
        client.resource(slice).create();
        // As ExternalDNS's service.go, an endpoint counts only with its Pod, whose spec.hostname names it.
        for (String pod : List.of("grpc-0", "grpc-1")) {
            client.resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata().withNamespace("default").withName(pod).endMetadata()
                    .withNewSpec().withHostname(pod).endSpec().build()).create();
        }
        client.genericKubernetesResources(dev.wayfinder.source.KubernetesSources.DNS_ENDPOINT).inNamespace("default")
                .resource(new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder()
                        .withApiVersion("externaldns.k8s.io/v1alpha1").withKind("DNSEndpoint")
                        .withNewMetadata().withNamespace("default").withName("static").endMetadata()
                        .addToAdditionalProperties("spec", Map.of("endpoints", List.of(Map.of("dnsName", "static.foowidgets.k8s",
                                "recordType", "A", "targets", List.of("192.0.2.10"), "recordTTL", 60))))
                        .build()).create();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(record("grpc.foowidgets.k8s", RecordType.A)).get().extracting(Endpoint::targets).isEqualTo(List.of("10.244.0.5", "10.244.0.6"));
            assertThat(record("grpc-0.grpc.foowidgets.k8s", RecordType.A)).get().extracting(Endpoint::targets).isEqualTo(List.of("10.244.0.5"));
            // SRV is not among ExternalDNS's default managed record types (A, AAAA, CNAME), so its SRV records are not published.
            assertThat(record("_grpc._tcp.grpc.foowidgets.k8s", RecordType.SRV)).isEmpty();
            assertThat(record("static.foowidgets.k8s", RecordType.A)).get().satisfies(e -> {
                assertThat(e.ttl()).isEqualTo(60);
                assertThat(e.metadata().resource()).isEqualTo("crd/default/static");
            });
            var crd = client.genericKubernetesResources(dev.wayfinder.source.KubernetesSources.DNS_ENDPOINT).inNamespace("default")
                    .withName("static").get();
            assertThat(crd.getAdditionalProperties().get("status")).as("status.observedGeneration written back")
                    .isInstanceOfSatisfying(Map.class, st -> assertThat(((Number) st.get("observedGeneration")).longValue())
                            .isEqualTo(crd.getMetadata().getGeneration()));
        });

        // A pod stops being ready: its address leaves the name, its per-pod name goes.
        client.resource(new io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder(slice).editLastEndpoint().editConditions()
                .withReady(false).endConditions().endEndpoint().build()).update();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(record("grpc.foowidgets.k8s", RecordType.A)).get().extracting(Endpoint::targets).isEqualTo(List.of("10.244.0.5"));
            assertThat(record("grpc-1.grpc.foowidgets.k8s", RecordType.A)).isEmpty();
        });
    }
}
