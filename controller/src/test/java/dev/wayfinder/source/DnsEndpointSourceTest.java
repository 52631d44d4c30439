package dev.wayfinder.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.source.api.Problem;
import dev.wayfinder.source.api.SourceResult;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DnsEndpointSourceTest {

    static GenericKubernetesResource crd(List<Map<String, Object>> endpoints) {
        return new GenericKubernetesResourceBuilder().withApiVersion("externaldns.k8s.io/v1alpha1").withKind("DNSEndpoint")
                .withNewMetadata().withNamespace("gslb").withName("app").endMetadata()
                .addToAdditionalProperties("spec", Map.of("endpoints", endpoints)).build();
    }

    @Test
    void mapsEachEntryAndReportsTheBadOnesByIndex() {
        SourceResult r = DnsEndpointSource.endpoints(crd(List.of(
                Map.of("dnsName", "app.foowidgets.k8s", "recordType", "A", "targets", List.of("10.0.0.1", "10.0.0.2"), "recordTTL", 30),
                Map.of("dnsName", "_grpc._tcp.app.foowidgets.k8s", "recordType", "SRV", "targets", List.of("0 50 9090 app.foowidgets.k8s")),
                Map.of("dnsName", "txt.foowidgets.k8s", "recordType", "TXT", "targets", List.of("hello world")),
                Map.of("dnsName", "bad.foowidgets.k8s", "recordType", "A", "targets", List.of("not-an-ip")),
                Map.of("dnsName", "bad2.foowidgets.k8s", "recordType", "BOGUS", "targets", List.of("x")),
                Map.of("dnsName", "bad3.foowidgets.k8s", "recordType", "A", "targets", List.of("10.0.0.1"), "recordTTL", "soon"),
                Map.of("dnsName", "ns.foowidgets.k8s", "recordType", "NS", "targets", List.of("ns1.foowidgets.k8s")),
                Map.of("dnsName", "two.foowidgets.k8s", "recordType", "CNAME", "targets", List.of("a.example.net", "b.example.net")))));
        assertThat(r.endpoints()).map(e -> e.name() + " " + e.type() + " " + e.targets() + " " + e.ttl()).containsExactly(
                "app.foowidgets.k8s A [10.0.0.1, 10.0.0.2] 30",
                "_grpc._tcp.app.foowidgets.k8s SRV [0 50 9090 app.foowidgets.k8s] 0",
                "txt.foowidgets.k8s TXT [hello world] 0");
        assertThat(r.endpoints()).allSatisfy(e -> assertThat(e.metadata().resource()).isEqualTo("crd/gslb/app"));
        assertThat(r.problems()).extracting(Problem::field).containsExactly("spec.endpoints[3]", "spec.endpoints[4]", "spec.endpoints[5]",
                "spec.endpoints[6]", "spec.endpoints[7]");
        assertThat(r.problems().get(0).message()).contains("not-an-ip");
    }
}
