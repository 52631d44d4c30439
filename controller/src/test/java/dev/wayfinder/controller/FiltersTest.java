package dev.wayfinder.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wayfinder.config.ControllerConfig;
import dev.wayfinder.config.RawSettings;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.provider.memory.MemoryProvider;
import dev.wayfinder.source.api.EventSink;
import dev.wayfinder.testing.CrudMockApi;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** --namespace, --label-filter, --annotation-filter, --domain-filter and --exclude-domains, through the informers. */
@CrudMockApi
class FiltersTest {

    static KubernetesClient client;

    static Service svc(String ns, String name, Map<String, String> labels, Map<String, String> annotations, String ip) {
        return new ServiceBuilder(ObjectsFixture.loadBalancer(name, annotations, ip)).editMetadata().withNamespace(ns).withLabels(labels)
                .endMetadata().build();
    }

    @Test
    void onlyTheSelectedObjectsAndNamesArePublished() throws Exception {
        ControllerConfig config = ControllerConfig.from(new RawSettings(List.of("service"), "inmemory", List.of("foowidgets.k8s"),
                List.of("internal.foowidgets.k8s"), "wf", "sync", "1m", false, false, "team-a", "team.example/dns notin (off)",
                "expose=public", "", "/skydns/", 300, "", 0.5, false, false, "default", "wayfinder", "", Map.of()));
        String h = ObjectsFixture.HOSTNAME;
        client.resource(svc("team-a", "yes", Map.of("expose", "public"), Map.of(h, "yes.foowidgets.k8s"), "10.0.0.1")).create();
        client.resource(svc("team-a", "wrong-label", Map.of("expose", "private"), Map.of(h, "label.foowidgets.k8s"), "10.0.0.2")).create();
        client.resource(svc("team-b", "wrong-ns", Map.of("expose", "public"), Map.of(h, "ns.foowidgets.k8s"), "10.0.0.3")).create();
        client.resource(svc("team-a", "opted-out", Map.of("expose", "public"), Map.of(h, "off.foowidgets.k8s", "team.example/dns", "off"),
                "10.0.0.4")).create();
        client.resource(svc("team-a", "excluded", Map.of("expose", "public"), Map.of(h, "x.internal.foowidgets.k8s,elsewhere.example.org"),
                "10.0.0.5")).create();

        MemoryProvider provider = new MemoryProvider(dev.wayfinder.provider.DomainFilter.ALL);
        try (Controller controller = new Controller(config, client, provider, new SimpleMeterRegistry(), EventSink.NONE, p -> { })) {
            controller.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> controller.metrics().lastSuccessEpochSecond() > 0);
            assertThat(provider.records()).extracting(Endpoint::name).extracting(Object::toString).containsExactly("yes.foowidgets.k8s");
        }
    }
}
