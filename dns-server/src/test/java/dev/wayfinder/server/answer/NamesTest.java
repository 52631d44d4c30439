package dev.wayfinder.server.answer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Name;

class NamesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a.b.skydns.test.|1|b.skydns.test.",
        "a.b.skydns.test.|3|test.",
        "a.b.skydns.test.|4|a.b.skydns.test.",
        "a.b.skydns.test.|9|a.b.skydns.test.",
        "a\\.b.skydns.test.|1|skydns.test.",
        "a.b.|0|a.b."})
    void targetStripDropsLeadingLabelsUnlessItWouldDropThemAll(String name, long strip, String expected) {
        assertThat(Names.targetStrip(name, strip)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/skydns/test/skydns/region1/prod/server1/a|a.server1.prod.region1.skydns.test.",
        "/skydns/test/skydns/dns/ns/c/ns1/|ns1.c.ns.dns.skydns.test.",
        "/skydns/test|test.",
        "/skydns|."})
    void keysMapToNamesAssumingAOneSegmentPrefix(String key, String expected) {
        assertThat(Names.domainOfKey(key)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a.skydns.test.|skydns.test.|true",
        "skydns.test.|skydns.test.|true",
        "askydns.test.|skydns.test.|false",
        "a\\.skydns.test.|skydns.test.|false",
        "a\\\\.skydns.test.|skydns.test.|true",
        "anything.|.|true",
        "test.|skydns.test.|false"})
    void zoneMembershipRespectsLabelBoundariesAndEscapes(String name, String zone, boolean expected) {
        assertThat(Names.isAtOrBelow(name, zone)).isEqualTo(expected);
        assertThat(Names.isSubDomain(zone, name)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "A.Server1.test.|A.Server1.test.",
        "a\\032b.test.|a\\ b.test.",
        "a\\.b.test.|a\\.b.test.",
        "\\@\\(x\\).test.|\\@\\(x\\).test.",
        "a\\255.test.|a\\255.test.",
        ".|."})
    void presentationFormFollowsMiekgEscaping(String input, String expected) throws Exception {
        assertThat(Names.presentation(Name.fromString(input))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"a.b|a.b.", "a.b.|a.b.", "a\\.|a\\..", "a\\\\.|a\\\\."})
    void fqdnAddsTheRootDotOnlyWhenMissing(String in, String expected) {
        assertThat(Names.fqdn(in)).isEqualTo(expected);
    }
}
