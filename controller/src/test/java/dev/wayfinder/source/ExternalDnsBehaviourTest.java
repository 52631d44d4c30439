package dev.wayfinder.source;

import dev.wayfinder.source.api.SourceResult;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.model.Endpoint;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ExternalDNS v0.22's behaviours, one row each, naming the ExternalDNS source lines the row follows
 * (kubernetes-sigs/external-dns at tag v0.22.0). Each row: why, the records expected as
 * {@code name TYPE [targets]} (plus {@code set=}, {@code group=} when set).
 */
class ExternalDnsBehaviourTest {

    static final String GA = "external-dns.kubernetes.io/";
    static final String ALPHA = "external-dns.alpha.kubernetes.io/";

    static Service lb(Map<String, String> annotations) {
        return new ServiceBuilder().withNewMetadata().withNamespace("default").withName("web").withAnnotations(annotations).endMetadata()
                .withNewSpec().withType("LoadBalancer").withClusterIP("10.96.0.7").addNewPort().withPort(80).withNodePort(30080).endPort().endSpec()
                .withNewStatus().withNewLoadBalancer().addNewIngress().withIp("172.18.0.2").endIngress().endLoadBalancer().endStatus().build();
    }

    static Service typed(String type, Map<String, String> annotations, Function<ServiceBuilder, ServiceBuilder> edit) {
        return edit.apply(new ServiceBuilder(lb(annotations)).editSpec().withType(type).endSpec()).build();
    }

    static final List<Node> NODES = List.of(node("n1", "10.0.1.1", "203.0.113.1"), node("n2", "10.0.1.2", "203.0.113.2"));

    static Node node(String name, String internal, String external) {
        return new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewStatus()
                .addNewAddress().withType("InternalIP").withAddress(internal).endAddress()
                .addNewAddress().withType("ExternalIP").withAddress(external).endAddress().endStatus().build();
    }

    static Pod pod(String name, String node, boolean ready, boolean terminating) {
        PodBuilder b = new PodBuilder().withNewMetadata().withNamespace("default").withName(name).addToLabels("app", "web").endMetadata();
        if (terminating) {
            b.editMetadata().withDeletionTimestamp("2026-01-01T00:00:00Z").endMetadata();
        }
        return b.withNewSpec().withNodeName(node).endSpec().withNewStatus().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition().endStatus().build();
    }

    static String show(Endpoint e) {
        return e.name() + " " + e.type() + " " + e.targets() + (e.hasTtl() ? " ttl=" + e.ttl() : "")
                + (e.setIdentifier().isEmpty() ? "" : " set=" + e.setIdentifier()) + (e.metadata().group().isEmpty() ? "" : " group=" + e.metadata().group());
    }

    static Stream<Arguments> services() {
        SourceOptions internal = opts(o -> new SourceOptions(o.prefixes(), false, o.fqdnTemplate(), false, true, false, false, Set.of(), true, false,
                List.of(), false, false, false, "", false, o.gateways(), o.recordTypes()));
        SourceOptions alphaOnly = opts(o -> new SourceOptions(AnnotationPrefixes.of(ALPHA), false, o.fqdnTemplate(), false, false, false, false,
                Set.of(), true, false, List.of(), false, false, false, "", false, o.gateways(), o.recordTypes()));
        SourceOptions lbOnly = opts(o -> new SourceOptions(o.prefixes(), false, o.fqdnTemplate(), false, false, false, false,
                Set.of("NodePort"), true, false, List.of(), false, false, false, "", false, o.gateways(), o.recordTypes()));
        SourceOptions ptr = opts(o -> new SourceOptions(o.prefixes(), false, o.fqdnTemplate(), false, false, false, false, Set.of(), true, false,
                List.of(), false, false, true, "", false, o.gateways(), o.recordTypes()));
        SourceOptions template = opts(o -> new SourceOptions(o.prefixes(), false, FqdnTemplate.parse(List.of("{{.Name}}.{{.Namespace}}.example.org")),
                false, false, false, false, Set.of(), true, false, List.of(), false, false, false, "", false, o.gateways(), o.recordTypes()));
        SourceOptions d = SourceOptions.DEFAULTS;
        return Stream.of(
                row("annotations.go:21 DefaultAnnotationPrefix: GA prefix read", lb(Map.of(GA + "hostname", "a.example.org")), d, List.of(),
                        "a.example.org A [172.18.0.2]"),
                row("annotations.go SetAnnotationPrefix: with --annotation-prefix=alpha, the GA key is not read",
                        lb(Map.of(GA + "hostname", "ga.example.org", ALPHA + "hostname", "alpha.example.org")), alphaOnly, List.of(),
                        "alpha.example.org A [172.18.0.2]"),
                row("processors.go:139 SplitHostnameAnnotation removes every space", lb(Map.of(GA + "hostname", " a.example.org , b. example.org")),
                        d, List.of(), "a.example.org A [172.18.0.2]", "b.example.org A [172.18.0.2]"),
                row("processors.go:81 parseTTL: a Go duration with a fraction", lb(Map.of(GA + "hostname", "a.example.org", GA + "ttl", "1.5m")),
                        d, List.of(), "a.example.org A [172.18.0.2] ttl=90"),
                row("processors.go:81 parseTTL: a signed integer", lb(Map.of(GA + "hostname", "a.example.org", GA + "ttl", "+300")),
                        d, List.of(), "a.example.org A [172.18.0.2] ttl=300"),
                row("processors.go:38 TTLFromAnnotations: 300ms is under 1 s, so not set", lb(Map.of(GA + "hostname", "a.example.org", GA + "ttl", "300ms")),
                        d, List.of(), "a.example.org A [172.18.0.2]"),
                row("processors.go:110 TargetsFromTargetAnnotation: spaces removed, trailing dot dropped",
                        lb(Map.of(GA + "hostname", "a.example.org", GA + "target", "lb.example.net. ")), d, List.of(), "a.example.org CNAME [lb.example.net]"),
                row("processors.go:110 an empty target annotation is no override", lb(Map.of(GA + "hostname", "a.example.org", GA + "target", "")),
                        d, List.of(), "a.example.org A [172.18.0.2]"),
                row("processors.go:59 IsControllerMismatch compares exactly", lb(Map.of(GA + "hostname", "a.example.org", GA + "controller", " dns-controller")),
                        d, List.of()),
                row("service.go:513 generateEndpoints: the target annotation overrides internal-hostname too",
                        lb(Map.of(GA + "internal-hostname", "in.example.org", GA + "target", "10.1.1.1")), d, List.of(), "in.example.org A [10.1.1.1]"),
                row("service.go:513 internal-hostname on a NodePort Service: the nodes, and the SRV",
                        typed("NodePort", Map.of(GA + "internal-hostname", "in.example.org"), b -> b), d, List.of(),
                        "in.example.org A [203.0.113.1, 203.0.113.2]", "_web._tcp.in.example.org SRV [0 50 30080 in.example.org]"),
                row("service.go:535 ClusterIP with --publish-internal-services", typed("ClusterIP", Map.of(GA + "hostname", "c.example.org"), b -> b),
                        internal, List.of(), "c.example.org A [10.96.0.7]"),
                row("service.go:535 ClusterIP without it: nothing", typed("ClusterIP", Map.of(GA + "hostname", "c.example.org"), b -> b), d, List.of()),
                row("service.go:797 --service-type-filter=NodePort leaves a LoadBalancer out", lb(Map.of(GA + "hostname", "a.example.org")), lbOnly,
                        List.of()),
                row("service.go:620 externalTrafficPolicy Local: only the nodes of ready Pods",
                        typed("NodePort", Map.of(GA + "hostname", "np.example.org"), b -> b.editSpec().withExternalTrafficPolicy("Local")
                                .withSelector(Map.of("app", "web")).endSpec()), d, List.of(pod("p1", "n2", true, false), pod("p2", "n1", false, false)),
                        "np.example.org A [203.0.113.2]", "_web._tcp.np.example.org SRV [0 50 30080 np.example.org]"),
                row("service.go:620 Local, no ready Pod: falls back to the nodes of running ones",
                        typed("NodePort", Map.of(GA + "hostname", "np.example.org"), b -> b.editSpec().withExternalTrafficPolicy("Local")
                                .withSelector(Map.of("app", "web")).endSpec()), d, List.of(pod("p2", "n1", false, false)),
                        "np.example.org A [203.0.113.1]", "_web._tcp.np.example.org SRV [0 50 30080 np.example.org]"),
                row("provider_specific.go:23 set-identifier and coredns-group",
                        lb(Map.of(GA + "hostname", "a.example.org", GA + "set-identifier", "east", GA + "coredns-group", "g1")), d, List.of(),
                        "a.example.org A [172.18.0.2] set=east group=g1"),
                row("ptr.go:71 generatePTREndpoints with --create-ptr", lb(Map.of(GA + "hostname", "a.example.org")), ptr, List.of(),
                        "a.example.org A [172.18.0.2]", "2.0.18.172.in-addr.arpa PTR [a.example.org]"),
                row("ptr.go:71 record-type: ptr without --create-ptr", lb(Map.of(GA + "hostname", "a.example.org", GA + "record-type", "ptr")), d,
                        List.of(), "a.example.org A [172.18.0.2]", "2.0.18.172.in-addr.arpa PTR [a.example.org]"),
                row("ptr.go:71 record-type: \"\" opts out of --create-ptr", lb(Map.of(GA + "hostname", "a.example.org", GA + "record-type", "")), ptr,
                        List.of(), "a.example.org A [172.18.0.2]"),
                row("template/engine.go:277 execTemplate: --fqdn-template names an object without a hostname", lb(Map.of()), template, List.of(),
                        "web.default.example.org A [172.18.0.2]"));
    }

    static SourceOptions opts(Function<SourceOptions, SourceOptions> f) {
        return f.apply(SourceOptions.DEFAULTS);
    }

    static Arguments row(String why, Service svc, SourceOptions options, List<Pod> pods, String... expected) {
        return Arguments.of(why, svc, options, pods, List.of(expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void servicesAsExternalDns(String why, Service svc, SourceOptions options, List<Pod> pods, List<String> expected) {
        SourceResult r = ServiceSource.endpoints(svc, List.of(), NODES, pods, options);
        assertThat(r.endpoints()).map(ExternalDnsBehaviourTest::show).containsExactlyInAnyOrderElementsOf(expected);
    }

    static Ingress ingress(String className, Map<String, String> annotations) {
        return new IngressBuilder().withNewMetadata().withNamespace("default").withName("ing").withAnnotations(annotations).endMetadata()
                .withNewSpec().withIngressClassName(className).addNewRule().withHost("rule.example.org").endRule()
                .addNewTl().withHosts("tls.example.org").endTl().endSpec()
                .withNewStatus().withNewLoadBalancer().addNewIngress().withIp("172.18.0.9").endIngress().endLoadBalancer().endStatus().build();
    }

    static Stream<Arguments> ingresses() {
        SourceOptions nginx = new SourceOptions(AnnotationPrefixes.DEFAULT, false, FqdnTemplate.NONE, false, false, false, false, Set.of(), true,
                false, List.of("nginx"), false, false, false, "", false, SourceOptions.GatewayFilter.ALL, RecordTypes.DEFAULTS);
        SourceOptions noTls = new SourceOptions(AnnotationPrefixes.DEFAULT, false, FqdnTemplate.NONE, false, false, false, false, Set.of(), true,
                false, List.of(), true, false, false, "", false, SourceOptions.GatewayFilter.ALL, RecordTypes.DEFAULTS);
        SourceOptions d = SourceOptions.DEFAULTS;
        String host = GA + "hostname";
        String source = GA + "ingress-hostname-source";
        return Stream.of(
                Arguments.of("ingress.go:230 rules, TLS and annotation hosts", ingress(null, Map.of(host, "ann.example.org")), d,
                        List.of("rule.example.org", "tls.example.org", "ann.example.org")),
                Arguments.of("ingress.go:187 --ingress-class keeps spec.ingressClassName nginx", ingress("nginx", Map.of()), nginx,
                        List.of("rule.example.org", "tls.example.org")),
                Arguments.of("ingress.go:187 --ingress-class drops another class", ingress("traefik", Map.of()), nginx, List.of()),
                Arguments.of("ingress.go:187 without spec class, the kubernetes.io/ingress.class annotation",
                        ingress(null, Map.of("kubernetes.io/ingress.class", "nginx")), nginx, List.of("rule.example.org", "tls.example.org")),
                Arguments.of("ingress.go:256 --ignore-ingress-tls-spec", ingress(null, Map.of()), noTls, List.of("rule.example.org")),
                Arguments.of("ingress.go:283 ingress-hostname-source in any case", ingress(null, Map.of(host, "ann.example.org", source, "Annotation-Only")),
                        d, List.of("ann.example.org")),
                Arguments.of("ingress.go:276 an unknown ingress-hostname-source publishes nothing",
                        ingress(null, Map.of(host, "ann.example.org", source, "both")), d, List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ingresses")
    void ingressesAsExternalDns(String why, Ingress ingress, SourceOptions options, List<String> names) {
        SourceResult r = IngressSource.endpoints(ingress, options);
        assertThat(r.endpoints()).map(e -> e.name().toString()).containsExactlyInAnyOrderElementsOf(names);
    }

    @org.junit.jupiter.api.Test
    void nodeSourcePublishesTheNodeNameAtItsExternalAddresses() {
        // node.go:197 nodeAddresses: ExternalIPs first
        SourceResult r = NodeSource.endpoints(node("n1.nodes.example.org", "10.0.1.1", "203.0.113.1"), SourceOptions.DEFAULTS);
        assertThat(r.endpoints()).map(ExternalDnsBehaviourTest::show).containsExactly("n1.nodes.example.org A [203.0.113.1]");
        assertThat(r.endpoints().get(0).metadata().resource()).isEqualTo("node/n1.nodes.example.org");
    }

    @org.junit.jupiter.api.Test
    void podSourceMergesADaemonSetsNodes() {
        // pod.go:199 addHostnameAnnotationEndpoints → the node's ExternalIPs; pod.go:120 MergeEndpoints joins the Pods
        List<Pod> pods = List.of(pod("ds-a", "n1", true, false), pod("ds-b", "n2", true, false)).stream()
                .map(p -> new PodBuilder(p).editMetadata().addToAnnotations(GA + "hostname", "edge.example.org").endMetadata().build()).toList();
        SourceResult r = PodSource.endpoints(pods, NODES, SourceOptions.DEFAULTS);
        assertThat(r.endpoints()).map(ExternalDnsBehaviourTest::show).containsExactly("edge.example.org A [203.0.113.1, 203.0.113.2]");
        assertThat(Annotations.parseTtl("10m")).isEqualTo(OptionalLong.of(600));
    }
}
