package dev.wayfinder.gslb.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wayfinder.model.Changes;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.provider.DomainFilter;
import dev.wayfinder.provider.rfc2136.Rfc2136Provider;
import dev.wayfinder.provider.rfc2136.testing.NamedProcess;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** This cluster's NS and glue at the edge: the names and records (pure), then two clusters sharing one real BIND zone. */
class EdgeDelegationTest {

    @RegisterExtension
    static final NamedProcess NAMED = NamedProcess.builder().zones("foowidgets.k8s").wipeBeforeEach().build();

    static Stream<Arguments> names() {
        return Stream.of(
                Arguments.of("us-nyc", "gb.foowidgets.k8s", "foowidgets.k8s", "gslb-ns-us-nyc-gb.foowidgets.k8s"),
                Arguments.of("eu", "cloud.example.com", "example.com", "gslb-ns-eu-cloud.example.com"),
                Arguments.of("eu-west-1", "a.b.example.com", "example.com", "gslb-ns-eu-west-1-a-b.example.com"),
                Arguments.of("us", "GB.Example.COM.", "example.com", "gslb-ns-us-gb.example.com"));
    }

    @ParameterizedTest
    @MethodSource
    void names(String tag, String zone, String edge, String expected) {
        assertThat(EdgeDelegation.nameserver(tag, DnsName.of(zone), DnsName.of(edge))).isEqualTo(DnsName.of(expected));
    }

    @Test
    void aZoneNotBelowTheEdgeOrALabelTooLongIsRefused() {
        assertThatThrownBy(() -> EdgeDelegation.nameserver("eu", DnsName.of("example.com"), DnsName.of("example.com")))
                .hasMessageContaining("not below");
        assertThatThrownBy(() -> EdgeDelegation.nameserver("eu", DnsName.of("gb.example.org"), DnsName.of("example.com")))
                .hasMessageContaining("not below");
        assertThatThrownBy(() -> EdgeDelegation.nameserver("x".repeat(40), DnsName.of("y".repeat(20) + ".example.com"),
                DnsName.of("example.com"))).hasMessageContaining("longer than 63");
    }

    static GslbSettings cluster(String tag, Optional<String> edge, List<String> ips, String... zones) {
        return new GslbSettings(tag, Stream.of(zones).map(DnsName::of).toList(), List.of(), List.of(), List.of(), edge.map(DnsName::of), ips,
                Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(30), 45);
    }

    @Test
    void oneNsRecordSetPerZoneUnderTheGeoTagAndGluePerAddressFamily() {
        List<Endpoint> out = EdgeDelegation.endpoints(cluster("us-buf", Optional.of("foowidgets.k8s"),
                List.of("192.0.2.10", "2001:DB8::10", "192.0.2.11"), "gb.foowidgets.k8s", "eu.foowidgets.k8s"));

        assertThat(out).extracting(Endpoint::toString).containsExactly(
                "gb.foowidgets.k8s NS [gslb-ns-us-buf-gb.foowidgets.k8s] ttl=45 set=us-buf",
                "gslb-ns-us-buf-gb.foowidgets.k8s A [192.0.2.10, 192.0.2.11] ttl=45",
                "gslb-ns-us-buf-gb.foowidgets.k8s AAAA [2001:db8::10] ttl=45",
                "eu.foowidgets.k8s NS [gslb-ns-us-buf-eu.foowidgets.k8s] ttl=45 set=us-buf",
                "gslb-ns-us-buf-eu.foowidgets.k8s A [192.0.2.10, 192.0.2.11] ttl=45",
                "gslb-ns-us-buf-eu.foowidgets.k8s AAAA [2001:db8::10] ttl=45");
        assertThat(out).allSatisfy(e -> {
            assertThat(e.metadata().resource()).isEqualTo(EdgeDelegation.RESOURCE);
            assertThat(e.metadata().geoTag()).isEqualTo("us-buf");
        });
    }

    @Test
    void nothingWithoutAnEdgeZoneOrExposedAddresses() {
        assertThat(EdgeDelegation.endpoints(cluster("us-buf", Optional.empty(), List.of("192.0.2.10"), "gb.foowidgets.k8s"))).isEmpty();
        assertThat(EdgeDelegation.endpoints(cluster("us-buf", Optional.of("foowidgets.k8s"), List.of(), "gb.foowidgets.k8s"))).isEmpty();
    }

    /** What the plan hands the provider: the cluster's endpoints under its owner id. */
    private static Endpoint[] owned(String tag, String... ips) {
        return EdgeDelegation.endpoints(cluster(tag, Optional.of("foowidgets.k8s"), List.of(ips), "gb.foowidgets.k8s")).stream()
                .map(e -> e.withMetadata(e.metadata().withOwner("wf-" + tag))).toArray(Endpoint[]::new);
    }

    private static Rfc2136Provider provider() {
        return new Rfc2136Provider(NAMED.config().build(), DomainFilter.of("foowidgets.k8s"));
    }

    private static Set<String> answer(String name, int type) throws Exception {
        Message a = NAMED.resolver().send(Message.newQuery(Record.newRecord(Name.fromString(name + "."), type, DClass.IN)));
        Set<String> out = new TreeSet<>();
        for (int section : new int[] {Section.ANSWER, Section.AUTHORITY}) {
            a.getSection(section).stream().filter(r -> r.getType() == type).forEach(r -> out.add(r.rdataToString()));
        }
        return out;
    }

    @Test
    void twoClustersEachAddAndRemoveOnlyTheirOwnNsAndGlue() throws Exception {
        Endpoint[] buf = owned("us-buf", "192.0.2.10", "2001:db8::10");
        Endpoint[] nyc = owned("us-nyc", "192.0.2.20");

        provider().apply(Changes.create(buf));
        provider().apply(Changes.create(nyc));

        assertThat(answer("gb.foowidgets.k8s", Type.NS))
                .containsExactly("gslb-ns-us-buf-gb.foowidgets.k8s.", "gslb-ns-us-nyc-gb.foowidgets.k8s.");
        assertThat(answer("gslb-ns-us-buf-gb.foowidgets.k8s", Type.A)).containsExactly("192.0.2.10");
        assertThat(answer("gslb-ns-us-buf-gb.foowidgets.k8s", Type.AAAA)).containsExactly("2001:db8:0:0:0:0:0:10");
        assertThat(answer("gslb-ns-us-nyc-gb.foowidgets.k8s", Type.A)).containsExactly("192.0.2.20");
        assertThat(provider().records()).filteredOn(e -> e.type() != RecordType.TXT).containsAll(List.of(buf)).containsAll(List.of(nyc));

        provider().apply(Changes.delete(nyc));

        assertThat(answer("gb.foowidgets.k8s", Type.NS)).containsExactly("gslb-ns-us-buf-gb.foowidgets.k8s.");
        assertThat(answer("gslb-ns-us-nyc-gb.foowidgets.k8s", Type.A)).isEmpty();
        assertThat(answer("gslb-ns-us-buf-gb.foowidgets.k8s", Type.A)).containsExactly("192.0.2.10");

        provider().apply(Changes.create(nyc));
        provider().apply(Changes.delete(buf));

        assertThat(answer("gb.foowidgets.k8s", Type.NS)).containsExactly("gslb-ns-us-nyc-gb.foowidgets.k8s.");
        assertThat(answer("gslb-ns-us-buf-gb.foowidgets.k8s", Type.A)).isEmpty();
        assertThat(answer("gslb-ns-us-buf-gb.foowidgets.k8s", Type.AAAA)).isEmpty();
        assertThat(answer("gslb-ns-us-nyc-gb.foowidgets.k8s", Type.A)).containsExactly("192.0.2.20");
    }
}
