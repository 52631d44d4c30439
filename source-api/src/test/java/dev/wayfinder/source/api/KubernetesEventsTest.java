package dev.wayfinder.source.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wayfinder.testing.CrudMockApi;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@CrudMockApi
class KubernetesEventsTest {

    KubernetesClient client;

    @ParameterizedTest
    @CsvSource({
        "service/default/nginx, Service, v1",
        "ingress/default/fe, Ingress, networking.k8s.io/v1",
        "crd/default/records, DNSEndpoint, externaldns.k8s.io/v1alpha1",
        "gslb/default/test-gslb-failover, Gslb, k8gb.io/v1beta1"})
    void problemsReachTheObjectTheyConcern(String resource, String kind, String apiVersion) {
        try (KubernetesEvents events = new KubernetesEvents(client)) {
            events.emit(resource, EventSink.Reason.INVALID, true, "spec.strategy.type: 'sideways' is not a strategy");

            String name = resource.split("/")[2];
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(client.v1().events().inNamespace("default").list().getItems())
                    .anySatisfy(e -> {
                        assertThat(e.getInvolvedObject().getKind()).isEqualTo(kind);
                        assertThat(e.getInvolvedObject().getApiVersion()).isEqualTo(apiVersion);
                        assertThat(e.getInvolvedObject().getName()).isEqualTo(name);
                        assertThat(e.getType()).isEqualTo("Warning");
                        assertThat(e.getReason()).isEqualTo("Invalid");
                        assertThat(e.getMessage()).contains("spec.strategy.type");
                    }));
        }
    }
}
