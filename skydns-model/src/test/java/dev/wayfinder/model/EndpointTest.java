package dev.wayfinder.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The small value types around an endpoint: target order, keys, updates, SRV/MX text, types. */
class EndpointTest {

    @Test
    void targetsAreSortedAndDeduplicatedSoEqualSetsAreEqual() {
        Endpoint a = Endpoint.of("www.example.org", RecordType.A, "192.0.2.2", "192.0.2.1", "192.0.2.2");
        Endpoint b = Endpoint.of("WWW.example.org.", RecordType.A, "192.0.2.1", "192.0.2.2");
        assertThat(a.targets()).containsExactly("192.0.2.1", "192.0.2.2");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.key()).isEqualTo(new Endpoint.Key(DnsName.of("www.example.org"), RecordType.A, null));
    }

    @ParameterizedTest(name = "ttl {0}")
    @CsvSource({"-1", "2147483648"})
    void ttlOutOfRangeIsRefusedNamingTheRecord(long ttl) {
        assertThatThrownBy(() -> Endpoint.of("www.example.org", RecordType.A, "192.0.2.1").withTtl(ttl))
                .hasMessageContaining("TTL of www.example.org A must be between 0 and 2147483647");
    }

    @Test
    void toStringShowsWhatMatters() {
        Endpoint e = Endpoint.of("www.example.org", RecordType.A, "192.0.2.1").withTtl(60).withSetIdentifier("eu")
                .withMetadata(Metadata.owned("me", "service/default/web"));
        assertThat(e).hasToString("www.example.org A [192.0.2.1] ttl=60 set=eu owner=me");
        assertThat(e.key()).hasToString("www.example.org A set=eu");
    }

    @Test
    void keysOrderByNameThenTypeThenSet() {
        List<Endpoint.Key> keys = List.of(
                new Endpoint.Key(DnsName.of("b.example.org"), RecordType.A, ""),
                new Endpoint.Key(DnsName.of("a.example.org"), RecordType.TXT, ""),
                new Endpoint.Key(DnsName.of("a.example.org"), RecordType.A, "us"),
                new Endpoint.Key(DnsName.of("a.example.org"), RecordType.A, "eu"));
        assertThat(keys.stream().sorted().map(Endpoint.Key::toString))
                .containsExactly("a.example.org A set=eu", "a.example.org A set=us", "a.example.org TXT", "b.example.org A");
    }

    @Test
    void anUpdateKeepsItsKey() {
        Endpoint a = Endpoint.of("www.example.org", RecordType.A, "192.0.2.1");
        assertThat(new Update(a, a.withTargets(List.of("192.0.2.2"))).key()).isEqualTo(a.key());
        assertThatThrownBy(() -> new Update(a, Endpoint.of("www.example.org", RecordType.AAAA, "2001:db8::1")))
                .hasMessageContaining("an update keeps its key: www.example.org A -> www.example.org AAAA");
    }

    @Test
    void changesCountAndFilter() {
        Endpoint in = Endpoint.of("www.example.org", RecordType.A, "192.0.2.1");
        Endpoint out = Endpoint.of("www.example.com", RecordType.A, "192.0.2.1");
        Changes c = new Changes(List.of(in, out), List.of(new Update(in, in.withTtl(5))), List.of(out));
        assertThat(c.size()).isEqualTo(4);
        assertThat(Changes.NONE.isEmpty()).isTrue();
        Changes filtered = c.filter(n -> n.isAtOrBelow(DnsName.of("example.org")));
        assertThat(filtered.create()).containsExactly(in);
        assertThat(filtered.update()).hasSize(1);
        assertThat(filtered.delete()).isEmpty();
        assertThat(c.keys().map(Endpoint.Key::toString)).containsExactly(
                "www.example.org A", "www.example.com A", "www.example.org A", "www.example.com A");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            10 50 8080 web.example.org.   | 10 50 8080 web.example.org
            '  0   0 1   WEB.example.org' | 0 0 1 web.example.org
            """)
    void srvTargets(String text, String canonical) {
        assertThat(SrvTarget.parse(text).text()).isEqualTo(canonical);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            10 50 web.example.org         | must be 'priority weight port target'
            10 50 x 8080 web.example.org  | must be 'priority weight port target'
            a 50 8080 web.example.org     | priority 'a' in 'a 50 8080 web.example.org' is not a number
            10 50 65536 web.example.org   | port must be between 0 and 65535, got 65536
            -1 50 80 web.example.org      | priority must be between 0 and 65535, got -1
            """)
    void badSrvTargets(String text, String message) {
        assertThatThrownBy(() -> SrvTarget.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void mxTargets() {
        assertThat(MxTarget.parse("10 MX.example.org.").text()).isEqualTo("10 mx.example.org");
        assertThatThrownBy(() -> MxTarget.parse("mx.example.org")).hasMessageContaining("must be 'preference exchange'");
        assertThatThrownBy(() -> MxTarget.parse("70000 mx.example.org")).hasMessageContaining("preference must be between 0 and 65535");
    }

    @Test
    void recordTypes() {
        assertThat(RecordType.parse(" aaaa ")).isEqualTo(RecordType.AAAA);
        assertThat(RecordType.A.isAddress()).isTrue();
        assertThat(RecordType.CNAME.isAddress()).isFalse();
        assertThatThrownBy(() -> RecordType.parse("SOA")).hasMessageContaining("unknown record type 'SOA' (expected one of");
        assertThatThrownBy(() -> RecordType.parse(null)).hasMessageContaining("unknown record type 'null'");
    }

    @Test
    void metadata() {
        assertThat(Metadata.NONE.hasOwner()).isFalse();
        Metadata m = Metadata.owned("me", "service/default/web").withGeo("eu", OptionalInt.of(2)).withResource("x").withOwner("you");
        assertThat(m).isEqualTo(new Metadata("you", "x", "eu", OptionalInt.of(2)));
        assertThat(new Metadata(null, null, null, null)).isEqualTo(Metadata.NONE);
        assertThatThrownBy(() -> Metadata.NONE.withGeo("eu", OptionalInt.of(-1))).hasMessageContaining("weight must not be negative: -1");
    }
}
