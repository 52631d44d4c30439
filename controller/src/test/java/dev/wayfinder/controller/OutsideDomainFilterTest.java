package dev.wayfinder.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.provider.DomainFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutsideDomainFilterTest {

    private static final DomainFilter FILTER = DomainFilter.of(List.of("foowidgets.k8s"), List.of("internal.foowidgets.k8s"));

    @Test
    void namesOutsideTheFilterAreNamedWithTheirObjectAndCounted() {
        List<Endpoint> desired = List.of(a("www.foowidgets.k8s", "service/default/web"), a("www.example.org", "service/default/web"),
                a("db.internal.foowidgets.k8s", "ingress/prod/db"), a("www.example.org", "service/default/web"));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        OutsideDomainFilter outside = new OutsideDomainFilter(FILTER, meters);

        assertThat(OutsideDomainFilter.outside(desired, FILTER))
                .containsExactly("db.internal.foowidgets.k8s (ingress/prod/db)", "www.example.org (service/default/web)");
        outside.check(desired);
        assertThat(meters.get("wayfinder_controller_names_outside_domain_filter").gauge().value()).isEqualTo(2);
        outside.check(desired.subList(0, 1));
        assertThat(meters.get("wayfinder_controller_names_outside_domain_filter").gauge().value()).isZero();
    }

    private static Endpoint a(String name, String resource) {
        return new Endpoint(DnsName.of(name), RecordType.A, List.of("192.0.2.1"), 60, "", Metadata.owned("", resource));
    }
}
