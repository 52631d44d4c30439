package dev.wayfinder.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.source.api.SourceResult;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IngressSourceTest {

    static Ingress ingress(Map<String, String> annotations, String... statusTargets) {
        var b = new IngressBuilder().withNewMetadata().withNamespace("web").withName("shop").withAnnotations(annotations).endMetadata()
                .withNewSpec().addNewRule().withHost("shop.foowidgets.k8s").endRule().addNewRule().endRule()
                .addNewTl().withHosts("secure.foowidgets.k8s").endTl().endSpec();
        var lb = b.withNewStatus().withNewLoadBalancer();
        for (String t : statusTargets) {
            lb = t.matches("[0-9.]+") ? lb.addNewIngress().withIp(t).endIngress() : lb.addNewIngress().withHostname(t).endIngress();
        }
        return lb.endLoadBalancer().endStatus().build();
    }

    static Stream<Arguments> table() {
        String h = "external-dns.alpha.kubernetes.io/hostname";
        String src = "external-dns.alpha.kubernetes.io/ingress-hostname-source";
        return Stream.of(
                Arguments.of("rule and TLS hosts → status IP", ingress(Map.of(), "172.18.200.102"),
                        List.of("secure.foowidgets.k8s A [172.18.200.102]", "shop.foowidgets.k8s A [172.18.200.102]")),
                Arguments.of("status host name → CNAME", ingress(Map.of(), "lb.example.net"),
                        List.of("secure.foowidgets.k8s CNAME [lb.example.net]", "shop.foowidgets.k8s CNAME [lb.example.net]")),
                Arguments.of("plus annotation", ingress(Map.of(h, "extra.foowidgets.k8s"), "1.2.3.4"),
                        List.of("extra.foowidgets.k8s A [1.2.3.4]", "secure.foowidgets.k8s A [1.2.3.4]", "shop.foowidgets.k8s A [1.2.3.4]")),
                Arguments.of("annotation-only", ingress(Map.of(h, "extra.foowidgets.k8s", src, "annotation-only"), "1.2.3.4"),
                        List.of("extra.foowidgets.k8s A [1.2.3.4]")),
                Arguments.of("defined-hosts-only", ingress(Map.of(h, "extra.foowidgets.k8s", src, "defined-hosts-only"), "1.2.3.4"),
                        List.of("secure.foowidgets.k8s A [1.2.3.4]", "shop.foowidgets.k8s A [1.2.3.4]")),
                Arguments.of("target annotation", ingress(Map.of("external-dns.kubernetes.io/target", "edge.example.net"), "1.2.3.4"),
                        List.of("secure.foowidgets.k8s CNAME [edge.example.net]", "shop.foowidgets.k8s CNAME [edge.example.net]")),
                Arguments.of("no status yet: nothing", ingress(Map.of()), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void mapsIngresses(String why, Ingress ingress, List<String> expected) {
        SourceResult r = IngressSource.endpoints(ingress);
        assertThat(r.endpoints()).map(e -> e.name() + " " + e.type() + " " + e.targets()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(r.endpoints()).allSatisfy(e -> assertThat(e.metadata().resource()).isEqualTo("ingress/web/shop"));
        assertThat(r.problems()).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void badRuleHostIsReportedByField() {
        Ingress bad = new IngressBuilder(ingress(Map.of(), "1.2.3.4")).editSpec().editFirstRule().withHost("bad..host").endRule().endSpec().build();
        SourceResult r = IngressSource.endpoints(bad);
        assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p.field()).isEqualTo("spec.rules[0].host"));
        assertThat(r.endpoints()).map(e -> e.name().toString()).containsExactly("secure.foowidgets.k8s");
    }
}
