package dev.wayfinder.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.source.api.SourceResult;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GslbPrecedenceTest {

    private static Endpoint a(String name, String target, String resource, String set) {
        return new Endpoint(DnsName.of(name), RecordType.A, List.of(target), 30, set,
                new Metadata("", resource, set, OptionalInt.empty()));
    }

    @Test
    void aNameAGslbClaimsIsDroppedFromOtherSourcesAndReported() {
        SourceResult plain = new SourceResult(List.of(
                a("fe.gb.foowidgets.k8s", "10.0.0.9", "ingress/test-gslb/fe", ""),
                a("nginx.foowidgets.k8s", "172.18.200.101", "service/default/nginx", "")), List.of());
        SourceResult out = GslbPrecedence.apply(plain, Set.of(DnsName.of("fe.gb.foowidgets.k8s"), DnsName.of("localtargets-fe.gb.foowidgets.k8s")));

        assertThat(out.endpoints()).extracting(e -> e.name().toString()).containsExactly("nginx.foowidgets.k8s");
        assertThat(out.problems()).singleElement().satisfies(p -> {
            assertThat(p.resource()).isEqualTo("ingress/test-gslb/fe");
            assertThat(p.message()).contains("fe.gb.foowidgets.k8s", "balanced by a Gslb");
        });
    }

    @Test
    void withNoBalancedNamesEverythingStays() {
        SourceResult plain = new SourceResult(List.of(a("nginx.foowidgets.k8s", "172.18.200.101", "service/default/nginx", "")), List.of());

        assertThat(GslbPrecedence.apply(plain, Set.of())).isSameAs(plain);
    }
}
