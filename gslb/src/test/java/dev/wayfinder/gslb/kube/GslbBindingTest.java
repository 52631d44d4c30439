package dev.wayfinder.gslb.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.gslb.api.GslbParserTest;
import dev.wayfinder.gslb.api.GslbSpec;
import dev.wayfinder.gslb.api.NamespacedName;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import dev.wayfinder.model.DnsName;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Embedded and referenced mode: hosts, backing Services, the exposing object, and the selector's "exactly one". */
class GslbBindingTest {

    static Ingress ingress(String ns, String name, Map<String, String> labels, String... hostAndService) {
        IngressBuilder b = new IngressBuilder().withNewMetadata().withName(name).withNamespace(ns).withLabels(labels).endMetadata();
        var spec = b.withNewSpec();
        for (int i = 0; i < hostAndService.length; i += 2) {
            spec = spec.addNewRule().withHost(hostAndService[i]).withNewHttp().addNewPath().withPath("/").withNewBackend().withNewService()
                    .withName(hostAndService[i + 1]).endService().endBackend().endPath().endHttp().endRule();
        }
        return spec.endSpec().build();
    }

    static Service service(String ns, String name) {
        return new ServiceBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata().withNewSpec().withType("LoadBalancer")
                .endSpec().build();
    }

    /** A cluster's cached objects: typed Ingresses and Services, and the generic objects of the referenced kinds. */
    record View(List<Ingress> ingressList, List<Service> serviceList, Map<RefKind, List<GenericKubernetesResource>> generic)
            implements GslbBinding.ClusterView {
        View(List<Ingress> ingressList, List<Service> serviceList) {
            this(ingressList, serviceList, Map.of());
        }

        @Override
        public Optional<Ingress> ingress(String namespace, String name) {
            return ingressList.stream().filter(i -> i.getMetadata().getNamespace().equals(namespace) && i.getMetadata().getName().equals(name))
                    .findFirst();
        }

        @Override
        public List<Ingress> ingresses(String namespace) {
            return ingressList.stream().filter(i -> Objects.equals(i.getMetadata().getNamespace(), namespace)).toList();
        }

        @Override
        public Optional<Service> service(String namespace, String name) {
            return serviceList.stream().filter(s -> s.getMetadata().getNamespace().equals(namespace) && s.getMetadata().getName().equals(name))
                    .findFirst();
        }

        @Override
        public List<Service> services(String namespace) {
            return serviceList.stream().filter(s -> namespace == null || Objects.equals(s.getMetadata().getNamespace(), namespace)).toList();
        }

        @Override
        public Optional<String> unavailable(RefKind kind) {
            return generic.containsKey(kind) ? Optional.empty() : Optional.of(kind + " is not served by this cluster (its CRD is not installed)");
        }

        @Override
        public Optional<GenericKubernetesResource> object(RefKind kind, String namespace, String name) {
            return objects(kind, namespace).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
        }

        @Override
        public List<GenericKubernetesResource> objects(RefKind kind, String namespace) {
            return generic.getOrDefault(kind, List.of()).stream().filter(o -> o.getMetadata().getNamespace().equals(namespace)).toList();
        }
    }

    static final View VIEW = new View(List.of(
            ingress("apps", "fe", Map.of("app", "fe", "tier", "web"), "fe.gb.foowidgets.k8s", "frontend", "fe.gb.foowidgets.k8s", "api",
                    "admin.gb.foowidgets.k8s", "admin"),
            ingress("apps", "fe-canary", Map.of("app", "fe", "tier", "canary"), "canary.gb.foowidgets.k8s", "canary"),
            ingress("other", "fe", Map.of("app", "fe"), "other.gb.foowidgets.k8s", "x"),
            ingress("apps", "bad", Map.of("app", "bad"), "bad_host.gb.foowidgets.k8s", "x")),
            List.of(service("apps", "lb")));

    static GslbSpec ref(String resourceRef, String annotations) {
        return GslbParserTest.parse("""
                apiVersion: k8gb.io/v1beta1
                kind: Gslb
                metadata: {name: g, namespace: apps, annotations: {%s}}
                spec:
                  resourceRef: %s
                  strategy: {type: roundRobin}
                """.formatted(annotations, resourceRef));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{apiVersion: networking.k8s.io/v1, kind: Ingress, name: fe}                                   | fe   | fe.gb.foowidgets.k8s=frontend,api admin.gb.foowidgets.k8s=admin | ''",
        "{apiVersion: networking.k8s.io/v1, kind: Ingress, name: fe, namespace: other}                 | fe   | other.gb.foowidgets.k8s=x | ''",
        "{apiVersion: networking.k8s.io/v1, kind: Ingress, matchLabels: {app: fe, tier: canary}}       | fe-canary | canary.gb.foowidgets.k8s=canary | ''",
        "{apiVersion: networking.k8s.io/v1, kind: Ingress, matchExpressions: [{key: tier, operator: NotIn, values: [canary]}, {key: app, operator: In, values: [fe]}]} | fe | fe.gb.foowidgets.k8s=frontend,api admin.gb.foowidgets.k8s=admin | ''",
        "{apiVersion: networking.k8s.io/v1, kind: Ingress, matchLabels: {app: fe}}                     | ''   | '' | spec.resourceRef: the selector matches 2 objects (fe, fe-canary) in namespace apps; it must match exactly one",
        "{apiVersion: networking.k8s.io/v1, kind: Ingress, matchExpressions: [{key: missing, operator: Exists}]} | '' | '' | spec.resourceRef: the selector matches no Ingress in namespace apps",
        "{apiVersion: networking.k8s.io/v1, kind: Ingress, name: gone}                                 | ''   | '' | spec.resourceRef: Ingress apps/gone not found",
        "{apiVersion: networking.k8s.io/v1, kind: Ingress, name: bad}                                  | bad  | '' | spec.resourceRef: Ingress apps/bad spec.rules[0].host: 'bad_host.gb.foowidgets.k8s'",
        "{apiVersion: gateway.networking.k8s.io/v1beta1, kind: HTTPRoute, name: r}                     | ''   | '' | spec.resourceRef: gateway.networking.k8s.io/v1beta1 HTTPRoute is not supported",
    })
    void referencedIngress(String resourceRef, String ingress, String hosts, String problem) {
        GslbBinding b = GslbBinding.of(ref(resourceRef, ""), VIEW);

        assertThat(b.ingress().map(i -> i.getMetadata().getName()).orElse("")).isEqualTo(ingress);
        assertThat(render(b)).isEqualTo(hosts);
        assertThat(String.join("; ", b.problems())).startsWith(problem);
    }

    @Test
    void aReferencedLoadBalancerServiceTakesItsHostFromTheAnnotationAndIsItsOwnBackend() {
        GslbBinding b = GslbBinding.of(ref("{apiVersion: v1, kind: Service, name: lb}", "k8gb.io/hostname: lb.gb.foowidgets.k8s"), VIEW);

        assertThat(b.exposure()).get().extracting(GslbBinding.Exposure::object).isEqualTo("Service apps/lb");
        assertThat(render(b)).isEqualTo("lb.gb.foowidgets.k8s=lb");
        assertThat(b.hosts().get(0).field()).isEqualTo("metadata.annotations[k8gb.io/hostname]");

        GslbBinding without = GslbBinding.of(ref("{apiVersion: v1, kind: Service, name: lb}", ""), VIEW);
        assertThat(without.hosts()).isEmpty();
        assertThat(without.problems()).singleElement().asString().startsWith("metadata.annotations[k8gb.io/hostname]: required");
    }

    @Test
    void embeddedModeReadsTheManagedIngressNamedLikeTheGslb() {
        GslbSpec seed = GslbParserTest.parse(GslbParserTest.SEED.formatted("k8gb.io/v1beta1"));
        View view = new View(List.of(ingress("test-gslb", "test-gslb-failover", Map.of(), "fe.gb.foowidgets.k8s", "frontend-podinfo")), List.of());

        GslbBinding b = GslbBinding.of(seed, view);

        assertThat(b.ingress()).isPresent();
        assertThat(b.hosts()).singleElement().satisfies(h -> {
            assertThat(h.name()).isEqualTo(DnsName.of("fe.gb.foowidgets.k8s"));
            assertThat(h.services()).containsExactly(new NamespacedName("test-gslb", "frontend-podinfo"));
        });
        assertThat(GslbBinding.of(seed, new View(List.of(), List.of())).ingress()).as("not created yet").isEmpty();
    }

    /** k8gb's lbservice.go refuses a Service that is not of type LoadBalancer: it exposes no address to other clusters. */
    @Test
    void aReferencedClusterIpServiceExposesNothing() {
        Service clusterIp = new ServiceBuilder(service("apps", "internal")).editSpec().withType("ClusterIP").endSpec().build();
        GslbBinding b = GslbBinding.of(ref("{apiVersion: v1, kind: Service, name: internal}", "k8gb.io/hostname: in.gb.foowidgets.k8s"),
                new View(List.of(), List.of(clusterIp)));

        assertThat(b.exposure()).isEmpty();
        assertThat(b.problems()).containsExactly("spec.resourceRef: Service apps/internal is of type ClusterIP, not LoadBalancer; it"
                + " exposes no address to other clusters");
    }

    /** A cross-namespace reference: the Services are looked up in the Ingress's namespace, as k8gb's ingress.go GetServers does. */
    @Test
    void aCrossNamespaceReferenceBacksItsHostsWithServicesOfTheReferencedNamespace() {
        GslbBinding b = GslbBinding.of(ref("{apiVersion: networking.k8s.io/v1, kind: Ingress, name: fe, namespace: other}", ""), VIEW);

        assertThat(b.hosts()).singleElement().satisfies(h -> assertThat(h.services()).containsExactly(new NamespacedName("other", "x")));
    }

    /** Host and Services as {@code host=svc,svc}, the namespace shown only when it is not the Gslb's ({@code apps}). */
    static String render(GslbBinding b) {
        return String.join(" ", b.hosts().stream().map(h -> h.name() + "=" + String.join(",", h.services().stream()
                .map(n -> n.namespace().equals("apps") ? n.name() : n.name()).toList())).toList());
    }
}
