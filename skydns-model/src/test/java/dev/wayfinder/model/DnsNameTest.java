package dev.wayfinder.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class DnsNameTest {

    private static String label(int octets) {
        return "a".repeat(octets);
    }

    /** A name of exactly {@code octets} octets in text form (no trailing dot), labels of 63 and less. */
    private static String nameOfLength(int octets) {
        StringBuilder sb = new StringBuilder();
        while (octets - sb.length() > 64) {
            sb.append(label(63)).append('.');
        }
        sb.append(label(octets - sb.length()));
        return sb.toString();
    }

    static Stream<Arguments> lengths() {
        return Stream.of(
                Arguments.of("label of 63", label(63) + ".example.org", true),
                Arguments.of("label of 64", label(64) + ".example.org", false),
                Arguments.of("name of 253", nameOfLength(253), true),
                Arguments.of("name of 253 plus the trailing dot", nameOfLength(253) + ".", true),
                Arguments.of("name of 254", nameOfLength(254), false),
                Arguments.of("unicode label of 63 octets", "é".repeat(31) + "a.example", true),
                Arguments.of("unicode label of 64 octets", "é".repeat(32) + ".example", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lengths")
    void lengthLimitsAreInOctets(String what, String input, boolean valid) {
        if (valid) {
            assertThat(DnsName.of(input).toString()).isEqualTo(input.endsWith(".") ? input.substring(0, input.length() - 1) : input);
        } else {
            assertThatThrownBy(() -> DnsName.of(input)).isInstanceOf(InvalidDnsNameException.class)
                    .hasMessageContaining("octets long");
        }
    }

    @Test
    void lengthHelperBuildsWhatItSays() {
        assertThat(nameOfLength(253)).hasSize(253);
        assertThat(nameOfLength(254)).hasSize(254);
        assertThat(DnsName.of(nameOfLength(253)).labels()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(63));
    }

    @ParameterizedTest(name = "''{0}'': {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            a..example.org | has an empty label
            .example.org   | has an empty label
            example.org..  | has an empty label
            ''             | name is empty
            '   '          | name is empty
            NULL           | name is missing
            a/b.example    | contains '/'
            'ab\\'         | ends in a lone backslash
            """)
    void malformedNamesAreRefusedWithTheReason(String input, String reason) {
        assertThatThrownBy(() -> DnsName.of(input)).isInstanceOf(InvalidDnsNameException.class).hasMessageContaining(reason)
                .satisfies(e -> assertThat(((InvalidDnsNameException) e).input()).isEqualTo(input));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            www.example.org   | www.example.org  | www.example.org.
            www.example.org.  | www.example.org  | www.example.org.
            WWW.Example.ORG.  | www.example.org  | www.example.org.
            .                 | .                | .
            org               | org              | org.
            """)
    void oneTrailingDotPolicy(String input, String text, String fqdn) {
        DnsName name = DnsName.of(input);
        assertThat(name.toString()).isEqualTo(text);
        assertThat(name.fqdn()).isEqualTo(fqdn);
    }

    @Test
    void equalityIgnoresCaseAndTheTrailingDot() {
        DnsName a = DnsName.of("WwW.ExAmPlE.oRg.");
        DnsName b = DnsName.of("www.example.org");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.compareTo(b)).isZero();
        assertThat(DnsName.of("www.example.org")).isNotEqualTo(DnsName.of("www.example.com"));
    }

    @Test
    void equalExactlyWhenTheLabelsAreEqual() {
        // An escaped dot stays inside its label: one label "a\\.b" is not the two labels "a" and "b".
        List<DnsName> names = Stream.of("a\\.b.example", "a.b.example", "a\\\\.b.example", "A\\.B.example.", "www.example",
                "www.example.", "x.www.example", "example").map(DnsName::of).toList();
        for (DnsName x : names) {
            for (DnsName y : names) {
                assertThat(x.equals(y)).as("%s vs %s", x, y).isEqualTo(x.labels().equals(y.labels()));
                if (x.equals(y)) {
                    assertThat(x).hasSameHashCodeAs(y);
                }
            }
        }
        assertThat(DnsName.of("a\\.b.example").labelCount()).isEqualTo(2);
        assertThat(DnsName.of("x.www.example").parent()).isEqualTo(DnsName.of("www.example")).hasSameHashCodeAs(DnsName.of("www.example"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            _http._tcp.web.example.org
            skydns_extra.test
            *.example.org
            a b.example.org
            xn--bcher-kva.example
            -leading.example.org
            sub.*.example.org
            """)
    void ofAcceptsAnyOctetLabels(String input) {
        assertThat(DnsName.of(input).toString()).isEqualTo(input);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(textBlock = """
            bücher.example,        xn--bcher-kva.example
            BÜCHER.example.,       xn--bcher-kva.example
            www.example.org,       www.example.org
            WWW.Example.ORG.,      www.example.org
            *.example.org,         *.example.org
            a-b.c-d.example,       a-b.c-d.example
            123.example,           123.example
            1.2.3.4.nip.io,        1.2.3.4.nip.io
            host.a1,               host.a1
            """)
    void hostnameAcceptsHostNamesAndConvertsUnicode(String input, String expected) {
        assertThat(DnsName.hostname(input).toString()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "''{0}'': {1}")
    @CsvSource(delimiter = '|', textBlock = """
            _http._tcp.example.org | character '_' is not allowed
            skydns_extra.test      | character '_' is not allowed
            a b.example            | character ' ' is not allowed
            a!.example             | character '!' is not allowed
            sub.*.example.org      | only as the first label
            a*.example.org         | a wildcard '*' must be a whole label
            -web.example.org       | starts or ends with a hyphen
            web-.example.org       | starts or ends with a hyphen
            a..example.org         | empty label
            '  '                   | host name is empty
            .                      | the root is not a host name
            999.1.1.1              | last label '1' is all digits
            10.0.0.256             | last label '256' is all digits
            1.2.3                  | if it is meant as an IP address, it is not a valid one
            1.2.3.4.5              | last label '5' is all digits
            01.2.3.4               | last label '4' is all digits
            www.example.123        | last label '123' is all digits
            """)
    void hostnameRefusesWhatIsNotAHostName(String input, String reason) {
        assertThatThrownBy(() -> DnsName.hostname(input)).isInstanceOf(InvalidDnsNameException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void hostnameRefusesAnOverlongUnicodeLabel() {
        assertThatThrownBy(() -> DnsName.hostname("ü".repeat(70) + ".example")).isInstanceOf(InvalidDnsNameException.class)
                .hasMessageContaining("ü".repeat(70));
    }

    @Test
    void treeNavigation() {
        DnsName www = DnsName.of("www.example.org");
        DnsName zone = DnsName.of("example.org");
        assertThat(www.labels()).containsExactly("www", "example", "org");
        assertThat(www.labelCount()).isEqualTo(3);
        assertThat(www.parent()).isEqualTo(zone);
        assertThat(zone.child("WWW")).isEqualTo(www);
        assertThat(DnsName.ROOT.parent()).isEqualTo(DnsName.ROOT);
        assertThat(DnsName.ROOT.child("org")).isEqualTo(DnsName.of("org"));
        assertThat(www.isAtOrBelow(zone)).isTrue();
        assertThat(zone.isAtOrBelow(zone)).isTrue();
        assertThat(www.isAtOrBelow(DnsName.ROOT)).isTrue();
        assertThat(DnsName.of("badexample.org").isAtOrBelow(zone)).isFalse();
        assertThat(zone.isAtOrBelow(www)).isFalse();
        assertThat(DnsName.of("*.example.org").isWildcard()).isTrue();
        assertThat(www.isWildcard()).isFalse();
        assertThat(DnsName.ROOT.isRoot()).isTrue();
    }

    @Test
    void canonicalOrderComparesFromTheRightmostLabel() {
        List<DnsName> sorted = Stream.of("b.example.org", "example.org", "a.example.com", "z.a.example.org", "a.example.org", "org")
                .map(DnsName::of).sorted().toList();
        assertThat(sorted).extracting(DnsName::toString)
                .containsExactly("a.example.com", "org", "example.org", "a.example.org", "z.a.example.org", "b.example.org");
    }
}
