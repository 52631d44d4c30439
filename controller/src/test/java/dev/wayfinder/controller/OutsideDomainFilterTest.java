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

    @Test
    void keptFromPassToPassItCountsWhatTheWholeListHolds() {
        String[] names = {"www.foowidgets.k8s", "www.example.org", "db.internal.foowidgets.k8s", "api.example.org"};
        String[] resources = {"service/default/web", "ingress/prod/db"};
        java.util.Random random = new java.util.Random(14);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        OutsideDomainFilter outside = new OutsideDomainFilter(FILTER, meters);
        List<Endpoint> list = new java.util.ArrayList<>();
        for (int step = 0; step < 300; step++) {
            int at = list.isEmpty() ? 0 : random.nextInt(list.size());
            switch (list.isEmpty() ? 0 : random.nextInt(4)) {
                case 0 -> list.add(at, a(names[random.nextInt(names.length)], resources[random.nextInt(resources.length)]));
                case 1 -> list.remove(at);
                case 2 -> list.set(at, a(list.get(at).name().toString(), list.get(at).metadata().resource())); // the same, made anew
                default -> list.add(at, list.get(at)); // one instance twice
            }
            outside.check(List.copyOf(list));

            assertThat(meters.get("wayfinder_controller_names_outside_domain_filter").gauge().value()).as("step %d", step)
                    .isEqualTo(OutsideDomainFilter.outside(list, FILTER).size());
        }
    }

    private static Endpoint a(String name, String resource) {
        return new Endpoint(DnsName.of(name), RecordType.A, List.of("192.0.2.1"), 60, "", Metadata.owned("", resource));
    }
}
