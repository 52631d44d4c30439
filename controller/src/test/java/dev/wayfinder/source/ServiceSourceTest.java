package dev.wayfinder.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.source.api.SourceResult;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServiceSourceTest {

    static final String H = "external-dns.alpha.kubernetes.io/hostname";

    static ServiceBuilder svc(String type, Map<String, String> annotations) {
        return new ServiceBuilder().withNewMetadata().withNamespace("default").withName("nginx").withAnnotations(annotations).endMetadata()
                .withNewSpec().withType(type).withClusterIP("10.96.0.10").addNewPort().withName("http").withProtocol("TCP").withPort(80)
                .withNodePort(30080).endPort().endSpec();
    }

    static Service lb(Map<String, String> annotations, String... ingress) {
        ServiceBuilder b = svc("LoadBalancer", annotations);
        var lbStatus = b.withNewStatus().withNewLoadBalancer();
        for (String i : ingress) {
            lbStatus = i.matches("[0-9a-f.:]+") ? lbStatus.addNewIngress().withIp(i).endIngress() : lbStatus.addNewIngress().withHostname(i).endIngress();
        }
        return lbStatus.endLoadBalancer().endStatus().build();
    }

    static final List<Node> NODES = List.of(
            new NodeBuilder().withNewMetadata().withName("n1").endMetadata().withNewStatus()
                    .addNewAddress().withType("InternalIP").withAddress("192.168.0.1").endAddress()
                    .addNewAddress().withType("ExternalIP").withAddress("203.0.113.1").endAddress().endStatus().build(),
            new NodeBuilder().withNewMetadata().withName("n2").endMetadata().withNewSpec().withUnschedulable(true).endSpec().withNewStatus()
                    .addNewAddress().withType("ExternalIP").withAddress("203.0.113.2").endAddress().endStatus().build());

    static final List<EndpointSlice> SLICES = List.of(new EndpointSliceBuilder()
            .withNewMetadata().withNamespace("default").withName("nginx-abc").addToLabels("kubernetes.io/service-name", "nginx").endMetadata()
            .withAddressType("IPv4")
            .addNewPort().withName("grpc").withProtocol("TCP").withPort(9090).endPort()
            .addNewEndpoint().withAddresses("10.0.0.1").withHostname("pod-0").withNodeName("n1").withNewTargetRef().withKind("Pod")
            .withName("pod-0").endTargetRef().withNewConditions().withReady(true).endConditions().endEndpoint()
            .addNewEndpoint().withAddresses("10.0.0.2").withHostname("pod-1").withNewTargetRef().withKind("Pod").withName("pod-1").endTargetRef()
            .withNewConditions().withReady(true).endConditions().endEndpoint()
            .addNewEndpoint().withAddresses("10.0.0.3").withNewTargetRef().withKind("Pod").withName("pod-2").endTargetRef()
            .withNewConditions().withReady(false).endConditions().endEndpoint()
            .build());

    /** The Pods behind SLICES: service.go publishes an endpoint only when its Pod is found (findPodForEndpoint). */
    static final List<Pod> PODS = List.of(pod("pod-0", "pod-0", "n1", "192.168.0.1"), pod("pod-1", "pod-1", "n2", "192.168.0.2"),
            pod("pod-2", null, "n1", "192.168.0.1"));

    static Pod pod(String name, String hostname, String node, String hostIp) {
        return new PodBuilder().withNewMetadata().withNamespace("default").withName(name).endMetadata()
                .withNewSpec().withHostname(hostname).withNodeName(node).endSpec()
                .withNewStatus().withHostIP(hostIp).withPhase("Running").endStatus().build();
    }

    /** Each row: why, the service, the records expected as "name TYPE targets". */
    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("LoadBalancer IP: the seed story", lb(Map.of(H, "nginx.foowidgets.k8s"), "172.18.200.101"),
                        List.of("nginx.foowidgets.k8s A [172.18.200.101]")),
                Arguments.of("LoadBalancer IPv4, IPv6 and a host name ignored beside addresses",
                        lb(Map.of(H, "nginx.foowidgets.k8s"), "172.18.200.101", "fd00::1"),
                        List.of("nginx.foowidgets.k8s A [172.18.200.101]", "nginx.foowidgets.k8s AAAA [fd00::1]")),
                Arguments.of("LoadBalancer host name → CNAME", lb(Map.of(H, "nginx.foowidgets.k8s"), "lb-1.elb.example.com"),
                        List.of("nginx.foowidgets.k8s CNAME [lb-1.elb.example.com]")),
                Arguments.of("both prefixes: v0.22's external-dns.kubernetes.io/ wins (annotations.go DefaultAnnotationPrefix)",
                        lb(Map.of(H, "alpha.foowidgets.k8s.", "external-dns.kubernetes.io/hostname", "ga.foowidgets.k8s."), "1.2.3.4"),
                        List.of("ga.foowidgets.k8s A [1.2.3.4]")),
                Arguments.of("new prefix alone", lb(Map.of("external-dns.kubernetes.io/hostname", "a.foowidgets.k8s, b.foowidgets.k8s"), "1.2.3.4"),
                        List.of("a.foowidgets.k8s A [1.2.3.4]", "b.foowidgets.k8s A [1.2.3.4]")),
                Arguments.of("target annotation overrides", lb(Map.of(H, "a.foowidgets.k8s", "external-dns.alpha.kubernetes.io/target", "5.6.7.8"), "1.2.3.4"),
                        List.of("a.foowidgets.k8s A [5.6.7.8]")),
                Arguments.of("ttl annotation", lb(Map.of(H, "a.foowidgets.k8s", "external-dns.alpha.kubernetes.io/ttl", "60"), "1.2.3.4"),
                        List.of("a.foowidgets.k8s A [1.2.3.4] ttl=60")),
                Arguments.of("ttl as a Go duration", lb(Map.of(H, "a.foowidgets.k8s", "external-dns.alpha.kubernetes.io/ttl", "10m"), "1.2.3.4"),
                        List.of("a.foowidgets.k8s A [1.2.3.4] ttl=600")),
                Arguments.of("externalIPs win over status", new ServiceBuilder(lb(Map.of(H, "a.foowidgets.k8s"), "1.2.3.4")).editSpec()
                        .withExternalIPs("9.9.9.9").endSpec().build(), List.of("a.foowidgets.k8s A [9.9.9.9]")),
                Arguments.of("another controller's object", lb(Map.of(H, "a.foowidgets.k8s", "external-dns.alpha.kubernetes.io/controller", "other"), "1.2.3.4"),
                        List.of()),
                Arguments.of("no annotation, nothing", lb(Map.of(), "1.2.3.4"), List.of()),
                Arguments.of("internal-hostname → ClusterIP", svc("ClusterIP", Map.of("external-dns.alpha.kubernetes.io/internal-hostname", "in.foowidgets.k8s")).build(),
                        List.of("in.foowidgets.k8s A [10.96.0.10]")),
                Arguments.of("NodePort: external node IPs of schedulable nodes, SRV on the node port",
                        svc("NodePort", Map.of(H, "np.foowidgets.k8s")).build(),
                        List.of("np.foowidgets.k8s A [203.0.113.1]", "_nginx._tcp.np.foowidgets.k8s SRV [0 50 30080 np.foowidgets.k8s]")),
                Arguments.of("NodePort private access", svc("NodePort", Map.of(H, "np.foowidgets.k8s", "external-dns.alpha.kubernetes.io/access", "private")).build(),
                        List.of("np.foowidgets.k8s A [192.168.0.1]", "_nginx._tcp.np.foowidgets.k8s SRV [0 50 30080 np.foowidgets.k8s]")),
                Arguments.of("headless: ready pods, per-pod names, SRV for named ports",
                        svc("ClusterIP", Map.of(H, "grpc.foowidgets.k8s")).editSpec().withClusterIP("None").endSpec().build(),
                        List.of("grpc.foowidgets.k8s A [10.0.0.1, 10.0.0.2]", "pod-0.grpc.foowidgets.k8s A [10.0.0.1]",
                                "pod-1.grpc.foowidgets.k8s A [10.0.0.2]",
                                "_grpc._tcp.grpc.foowidgets.k8s SRV [0 50 9090 pod-0.grpc.foowidgets.k8s, 0 50 9090 pod-1.grpc.foowidgets.k8s]")),
                Arguments.of("headless publishNotReadyAddresses", svc("ClusterIP", Map.of(H, "g.foowidgets.k8s")).editSpec().withClusterIP("None")
                        .withPublishNotReadyAddresses(true).endSpec().build(),
                        List.of("g.foowidgets.k8s A [10.0.0.1, 10.0.0.2, 10.0.0.3]", "pod-0.g.foowidgets.k8s A [10.0.0.1]", "pod-1.g.foowidgets.k8s A [10.0.0.2]",
                                "_grpc._tcp.g.foowidgets.k8s SRV [0 50 9090 pod-0.g.foowidgets.k8s, 0 50 9090 pod-1.g.foowidgets.k8s]")),
                Arguments.of("headless endpoints-type NodeExternalIP: the nodes' external IPs",
                        svc("ClusterIP", Map.of(H, "g.foowidgets.k8s", "external-dns.alpha.kubernetes.io/endpoints-type", "NodeExternalIP")).editSpec()
                                .withClusterIP("None").endSpec().build(),
                        List.of("g.foowidgets.k8s A [203.0.113.1, 203.0.113.2]", "pod-0.g.foowidgets.k8s A [203.0.113.1]",
                                "pod-1.g.foowidgets.k8s A [203.0.113.2]",
                                "_grpc._tcp.g.foowidgets.k8s SRV [0 50 9090 pod-0.g.foowidgets.k8s, 0 50 9090 pod-1.g.foowidgets.k8s]")),
                Arguments.of("ExternalName → CNAME", svc("ExternalName", Map.of(H, "x.foowidgets.k8s")).editSpec().withExternalName("db.example.net").endSpec().build(),
                        List.of("x.foowidgets.k8s CNAME [db.example.net]")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void mapsServices(String why, Service svc, List<String> expected) {
        SourceResult r = ServiceSource.endpoints(svc, SLICES, NODES, PODS, SourceOptions.DEFAULTS);
        assertThat(r.endpoints()).map(e -> e.name() + " " + e.type() + " " + e.targets() + (e.hasTtl() ? " ttl=" + e.ttl() : ""))
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(r.endpoints()).allSatisfy(e -> assertThat(e.metadata().resource()).isEqualTo("service/default/nginx"));
        assertThat(r.problems()).isEmpty();
    }

    /** Each row: the annotations, the field named in the problem, a phrase of the message, the records still published. */
    static Stream<Arguments> badInput() {
        String ttl = "external-dns.alpha.kubernetes.io/ttl";
        String target = "external-dns.alpha.kubernetes.io/target";
        return Stream.of(
                Arguments.of(Map.of(H, "ok.foowidgets.k8s," + "x".repeat(64) + ".foowidgets.k8s"), H, "64 octets", List.of("ok.foowidgets.k8s")),
                Arguments.of(Map.of(H, "ok.foowidgets.k8s," + ("a".repeat(60) + ".").repeat(5) + "k8s"), H, "octets long", List.of("ok.foowidgets.k8s")),
                Arguments.of(Map.of(H, "ok.foowidgets.k8s,bad_name.foowidgets.k8s"), H, "'_' is not allowed", List.of("ok.foowidgets.k8s")),
                Arguments.of(Map.of(H, "ok.foowidgets.k8s,a.*.foowidgets.k8s"), H, "wildcard", List.of("ok.foowidgets.k8s")),
                Arguments.of(Map.of(H, "ok.foowidgets.k8s", ttl, "abc"), ttl, "'abc'", List.of("ok.foowidgets.k8s")),
                Arguments.of(Map.of(H, "ok.foowidgets.k8s", ttl, "-5"), ttl, "'-5'", List.of("ok.foowidgets.k8s")),
                Arguments.of(Map.of(H, "ok.foowidgets.k8s", target, "1.2.3.4,not a name!"), target, "neither an IP address nor a host name",
                        List.of("ok.foowidgets.k8s")));
    }

    @ParameterizedTest
    @MethodSource("badInput")
    void reportsBadInputByObjectAndFieldAndKeepsTheRest(Map<String, String> annotations, String annotation, String phrase, List<String> published) {
        SourceResult r = ServiceSource.endpoints(lb(annotations, "172.18.200.101"), List.of(), List.of());
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.resource()).isEqualTo("service/default/nginx");
            assertThat(p.field()).isEqualTo("metadata.annotations[" + annotation + "]");
            assertThat(p.message()).contains(phrase);
        });
        assertThat(r.endpoints()).map(e -> e.name().toString()).containsExactlyElementsOf(published);
    }

    @Test
    void wildcardHostIsAccepted() {
        SourceResult r = ServiceSource.endpoints(lb(Map.of(H, "*.apps.foowidgets.k8s"), "1.2.3.4"), List.of(), List.of());
        assertThat(r.endpoints()).singleElement().extracting(e -> e.name().toString()).isEqualTo("*.apps.foowidgets.k8s");
    }
}
