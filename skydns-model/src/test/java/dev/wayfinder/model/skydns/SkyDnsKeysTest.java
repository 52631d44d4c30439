package dev.wayfinder.model.skydns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.IpLiteral;
import dev.wayfinder.model.RecordType;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SkyDnsKeysTest {

    private final SkyDnsKeys keys = SkyDnsKeys.defaults();

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"/skydns", "skydns", "/skydns/", "//skydns//", " /skydns "})
    void prefixIsNormalisedLikeCoreDnsPath(String prefix) {
        SkyDnsKeys k = new SkyDnsKeys(prefix);
        assertThat(k.prefix()).isEqualTo("/skydns/");
        assertThat(k.toString()).isEqualTo("/skydns/");
        assertThat(k.isMultiSegment()).isFalse();
        assertThat(k.keyOf(DnsName.of("www.example.org"))).isEqualTo("/skydns/org/example/www");
    }

    @Test
    void multiSegmentPrefixesAreFlagged() {
        SkyDnsKeys k = new SkyDnsKeys("/dns/skydns/");
        assertThat(k.prefix()).isEqualTo("/dns/skydns/");
        assertThat(k.isMultiSegment()).isTrue();
        assertThat(k.keyOf(DnsName.of("a.test"))).isEqualTo("/dns/skydns/test/a");
        assertThat(k.nameOf("/dns/skydns/test/a")).contains(DnsName.of("a.test"));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "/", "//", "  "})
    void anEmptyPrefixIsRefused(String prefix) {
        assertThatThrownBy(() -> new SkyDnsKeys(prefix)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be empty");
    }

    @ParameterizedTest(name = "{0} <-> {1}")
    @CsvSource(textBlock = """
            www.example.org,                  /skydns/org/example/www
            service.staging.skydns.local.,    /skydns/local/skydns/staging/service
            WWW.Example.Org,                  /skydns/org/example/www
            _http._tcp.web.example.org,       /skydns/org/example/web/_tcp/_http
            skydns_extra.test,                /skydns/test/skydns_extra
            *.example.org,                    /skydns/org/example/*
            org,                              /skydns/org
            .,                                /skydns
            """)
    void keyOfAndNameOfRoundTrip(String name, String key) {
        DnsName n = DnsName.of(name);
        assertThat(keys.keyOf(n)).isEqualTo(key);
        assertThat(keys.nameOf(key)).contains(n);
        assertThat(keys.nameOf(keys.keyOf(n))).contains(n);
    }

    @Test
    void subtreeAndLeafKeys() {
        DnsName www = DnsName.of("www.example.org");
        assertThat(keys.subtreeOf(www)).isEqualTo("/skydns/org/example/www/");
        assertThat(keys.keyOf(www, "048b0377")).isEqualTo("/skydns/org/example/www/048b0377");
        assertThat(keys.nameOf("/skydns/org/example/www/048b0377")).contains(DnsName.of("048b0377.www.example.org"));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"/other/org/example", "/skydnsx/org", "skydns/org/example", "/skydns/org//example", "/skydns/org/Example/"})
    void nameOfKeysThatAreNotNames(String key) {
        if (key.equals("/skydns/org/Example/")) {
            // A trailing slash is an ordinary key (CoreDNS reads it in the parent's range); case folds.
            assertThat(keys.nameOf(key)).contains(DnsName.of("example.org"));
        } else {
            assertThat(keys.nameOf(key)).isEmpty();
        }
    }

    @Test
    void thePrefixItselfIsTheRoot() {
        assertThat(keys.nameOf("/skydns/")).contains(DnsName.ROOT);
        assertThat(keys.nameOf("/skydns")).contains(DnsName.ROOT);
    }

    @Test
    void leavesAreStableShortAndDistinct() {
        String leaf = SkyDnsKeys.leaf(RecordType.A, "", "1.2.3.4");
        assertThat(leaf).matches("[0-9a-f]{8}");
        assertThat(SkyDnsKeys.leaf(RecordType.A, "", "1.2.3.4")).as("same input, same leaf, every time").isEqualTo(leaf);
        // Pinned: a changed leaf function would orphan every key already written (the golden files pin more).
        assertThat(SkyDnsKeys.leaf(RecordType.A, "", "192.0.2.1")).isEqualTo("9c7e1eea");
        assertThat(SkyDnsKeys.leaf(RecordType.TXT, "", "v=spf1 -all")).isEqualTo("e1c44c33");

        Set<String> distinct = new HashSet<>();
        distinct.add(leaf);
        distinct.add(SkyDnsKeys.leaf(RecordType.A, "", "1.2.3.5"));
        distinct.add(SkyDnsKeys.leaf(RecordType.A, "eu", "1.2.3.4"));
        distinct.add(SkyDnsKeys.leaf(RecordType.TXT, "", "1.2.3.4"));
        assertThat(distinct).hasSize(4);
    }

    @Test
    void leavesDoNotCollideAcrossFieldBoundaries() {
        assertThat(SkyDnsKeys.leaf(RecordType.A, "a", "b")).isNotEqualTo(SkyDnsKeys.leaf(RecordType.A, "", "ab"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            10.0.0.1,        1.0.0.10.in-addr.arpa
            192.0.2.255,     255.2.0.192.in-addr.arpa
            ::ffff:1.2.3.4,  4.3.2.1.in-addr.arpa
            2001:db8::1,     1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa
            2001:db8:abcd:12::fe,  e.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.2.1.0.0.d.c.b.a.8.b.d.0.1.0.0.2.ip6.arpa
            """)
    void reverseNames(String address, String reverse) {
        DnsName name = SkyDnsKeys.reverseName(IpLiteral.parse(address).orElseThrow());
        assertThat(name).isEqualTo(DnsName.of(reverse));
        assertThat(SkyDnsKeys.isReverse(name)).isTrue();
        assertThat(keys.keyOf(name)).startsWith(name.toString().endsWith("ip6.arpa") ? "/skydns/arpa/ip6/" : "/skydns/arpa/in-addr/");
    }

    @Test
    void reverseKeyIsWhatCoreDnsReadsForPtr() {
        DnsName name = SkyDnsKeys.reverseName(IpLiteral.parse("10.0.0.1").orElseThrow());
        assertThat(keys.keyOf(name)).isEqualTo("/skydns/arpa/in-addr/10/0/0/1");
        assertThat(SkyDnsKeys.isReverse(DnsName.of("www.example.org"))).isFalse();
        assertThat(SkyDnsKeys.isReverse(DnsName.of("arpa"))).isFalse();
    }

    @Test
    void apexKeyAndNameserverName() {
        DnsName zone = DnsName.of("example.org");
        assertThat(keys.apexKey(zone, "0123abcd")).isEqualTo("/skydns/org/example/dns/apex/0123abcd");

        DnsName ns1 = SkyDnsKeys.nameserverName(zone, "ns1");
        assertThat(ns1).isEqualTo(DnsName.of("ns1.ns.dns.example.org"));
        assertThat(keys.keyOf(ns1)).isEqualTo("/skydns/org/example/dns/ns/ns1");
        assertThat(SkyDnsKeys.nameserverName(DnsName.ROOT, "a")).isEqualTo(DnsName.of("a.ns.dns"));
    }
}
