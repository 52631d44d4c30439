package dev.wayfinder.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.config.SourceKind;
import dev.wayfinder.source.api.SourceResult;
import dev.wayfinder.testing.CrudMockApi;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Sources that read only the objects that changed since the last pass give what sources reading
 * every object give, change after change, against fabric8's CRUD mock API: Services and Ingresses
 * created, changed, renamed and deleted; a headless Service, which reads its EndpointSlices, on
 * every pass; an object leaving and entering the label filter.
 */
@CrudMockApi
class TrackedSourcesTest {

    static KubernetesClient client;

    static final String HOSTNAME = "external-dns.alpha.kubernetes.io/hostname";

    static Service loadBalancer(String name, String host, String ip, Map<String, String> labels) {
        return new ServiceBuilder().withNewMetadata().withNamespace("default").withName(name).withLabels(labels)
                .withAnnotations(Map.of(HOSTNAME, host)).endMetadata()
                .withNewSpec().withType("LoadBalancer").withClusterIP("10.96.0.10").endSpec()
                .withNewStatus().withNewLoadBalancer().addNewIngress().withIp(ip).endIngress().endLoadBalancer().endStatus().build();
    }

    static Service headless(String name, String host) {
        return new ServiceBuilder().withNewMetadata().withNamespace("default").withName(name)
                .withAnnotations(Map.of(HOSTNAME, host)).endMetadata()
                .withNewSpec().withType("ClusterIP").withClusterIP("None").withSelector(Map.of("app", name)).endSpec().build();
    }

    static EndpointSlice slice(String service, String ip) {
        return new EndpointSliceBuilder().withNewMetadata().withNamespace("default").withName(service + "-abc")
                .withLabels(Map.of("kubernetes.io/service-name", service)).endMetadata()
                .withAddressType("IPv4").addNewEndpoint().withAddresses(ip).withNewConditions().withReady(true).endConditions()
                .withNewTargetRef().withKind("Pod").withNamespace("default").withName(service + "-0").endTargetRef().endEndpoint()
                .build();
    }

    static io.fabric8.kubernetes.api.model.Pod pod(String service) {
        return new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata().withNamespace("default").withName(service + "-0")
                .withLabels(Map.of("app", service)).endMetadata().withNewSpec().addNewContainer().withName("c").withImage("i").endContainer()
                .endSpec().build();
    }

    static Ingress ingress(String name, String host, String ip) {
        return new IngressBuilder().withNewMetadata().withNamespace("default").withName(name).endMetadata()
                .withNewSpec().addNewRule().withHost(host).endRule().endSpec()
                .withNewStatus().withNewLoadBalancer().addNewIngress().withIp(ip).endIngress().endLoadBalancer().endStatus().build();
    }

    static List<String> described(SourceResult r) {
        return java.util.stream.Stream.concat(r.endpoints().stream().map(e -> e + " " + e.metadata().resource()),
                r.problems().stream().map(Object::toString)).sorted().toList();
    }

    /** Until both have seen the change: what the one reading changes only gives is what the one reading everything gives. */
    static void sameAs(KubernetesSources tracked, KubernetesSources everything, Predicate<List<String>> seen) {
        Awaitility.await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> {
            List<String> all = described(everything.endpoints());
            assertThat(seen).accepts(all);
            assertThat(described(tracked.endpoints())).isEqualTo(all);
        });
    }

    static Predicate<List<String>> has(String text) {
        return l -> l.stream().anyMatch(s -> s.contains(text));
    }

    static Predicate<List<String>> hasNo(String text) {
        return has(text).negate();
    }

    @Test
    void changesReadOneByOneGiveWhatReadingEverythingGives() {
        KubernetesSources.Scope scope = new KubernetesSources.Scope(Set.of(SourceKind.SERVICE, SourceKind.INGRESS), Optional.empty(),
                Selector.ALL, Selector.ALL);
        try (KubernetesSources tracked = new KubernetesSources(client, scope, SourceOptions.DEFAULTS, () -> { }, Duration.ofHours(1));
             KubernetesSources everything = new KubernetesSources(client, scope, SourceOptions.DEFAULTS, () -> { }, Duration.ZERO)) {
            client.resource(loadBalancer("a", "a.foowidgets.k8s", "10.0.0.1", Map.of())).create();
            client.resource(ingress("web", "web.foowidgets.k8s", "10.0.1.1")).create();
            tracked.start().join();
            everything.start().join();
            sameAs(tracked, everything, has("10.0.1.1"));

            client.resource(loadBalancer("b", "b.foowidgets.k8s", "10.0.0.2", Map.of())).create();
            sameAs(tracked, everything, has("10.0.0.2"));
            client.resource(loadBalancer("a", "a.foowidgets.k8s", "10.0.0.9", Map.of())).update();
            sameAs(tracked, everything, has("10.0.0.9"));
            client.resource(loadBalancer("a", "a.foowidgets.k8s,a2.foowidgets.k8s", "10.0.0.9", Map.of())).update();
            sameAs(tracked, everything, has("a2.foowidgets.k8s"));
            client.resource(loadBalancer("b", "not a host name!", "10.0.0.2", Map.of())).update();
            sameAs(tracked, everything, hasNo("[10.0.0.2]"));
            client.resource(ingress("web", "www.foowidgets.k8s", "10.0.1.1")).update();
            sameAs(tracked, everything, has("www.foowidgets.k8s"));

            // A headless Service reads its EndpointSlices: read again on every pass.
            client.resource(headless("db", "db.foowidgets.k8s")).create();
            client.resource(pod("db")).create();
            client.resource(slice("db", "10.1.0.1")).create();
            sameAs(tracked, everything, has("10.1.0.1"));
            client.resource(slice("db", "10.1.0.2")).update();
            sameAs(tracked, everything, has("10.1.0.2"));

            client.services().inNamespace("default").withName("a").delete();
            sameAs(tracked, everything, hasNo("10.0.0.9"));
            client.network().v1().ingresses().inNamespace("default").withName("web").delete();
            sameAs(tracked, everything, hasNo("www.foowidgets.k8s"));
        }
    }

    @Test
    void anObjectLeavingAndEnteringTheLabelFilterComesAndGoes() {
        KubernetesSources.Scope scope = new KubernetesSources.Scope(Set.of(SourceKind.SERVICE), Optional.of("filtered"),
                Selector.parse("team=a"), Selector.ALL);
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName("filtered")
                .endMetadata().build()).create();
        try (KubernetesSources tracked = new KubernetesSources(client, scope, SourceOptions.DEFAULTS, () -> { }, Duration.ofHours(1));
             KubernetesSources everything = new KubernetesSources(client, scope, SourceOptions.DEFAULTS, () -> { }, Duration.ZERO)) {
            client.resource(inNamespace(loadBalancer("x", "x.foowidgets.k8s", "10.2.0.1", Map.of("team", "a")))).create();
            tracked.start().join();
            everything.start().join();
            sameAs(tracked, everything, has("10.2.0.1"));
            client.resource(inNamespace(loadBalancer("x", "x.foowidgets.k8s", "10.2.0.1", Map.of("team", "b")))).update();
            sameAs(tracked, everything, hasNo("10.2.0.1"));
            client.resource(inNamespace(loadBalancer("x", "x.foowidgets.k8s", "10.2.0.3", Map.of("team", "a")))).update();
            sameAs(tracked, everything, has("10.2.0.3"));
        }
    }

    private static Service inNamespace(Service s) {
        s.getMetadata().setNamespace("filtered");
        return s;
    }
}
