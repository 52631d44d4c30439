package dev.wayfinder.model.txt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.RecordType;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The mapper's behaviour, as ExternalDNS v0.22's own tests state it: each row is a case of
 * {@code registry/mapper/mapper_test.go} (line of the case in the comment).
 */
class TxtNamesTest {

    static TxtNames m(String prefix, String suffix, String wildcard) {
        return new TxtNames(prefix, suffix, wildcard);
    }

    /** mapper_test.go:33-209 TestAffixNameMapper_ToEndpointName: mapper, input, name, type ("" for none). */
    static Stream<Arguments> toEndpointName() {
        return Stream.of(
                Arguments.of(m("%{record_type}-", "", ""), "a-foo.example.com", "foo.example.com", "A"),           // :41
                Arguments.of(m("%{record_type}-", "", ""), "aaaa-foo.example.com", "foo.example.com", "AAAA"),     // :48
                Arguments.of(m("%{record_type}-", "", ""), "cname-foo.example.com", "foo.example.com", "CNAME"),   // :55
                Arguments.of(m("%{record_type}-", "", ""), "ptr-2.49.168.192.in-addr.arpa", "2.49.168.192.in-addr.arpa", "PTR"), // :83
                Arguments.of(m("%{record_type}-", "", ""), "dname-foo.example.com", "foo.example.com", "DNAME"),   // :97
                Arguments.of(m("", "-%{record_type}", ""), "foo-a.example.com", "foo.example.com", "A"),           // :104
                Arguments.of(m("", "-%{record_type}", ""), "foo-cname.example.com", "foo.example.com", "CNAME"),   // :111
                Arguments.of(m("", ".foo.bar", ""), "a-example.foo.bar.com", "example.com", "A"),                  // :118
                Arguments.of(m("", ".foo.bar", ""), "a-example.foo.bar", "example", "A"),                          // :125
                Arguments.of(m("", ".foo.bar", ""), "a-example.foo", "", ""),                                      // :132
                Arguments.of(m("", "", ""), "a-foo.example.com", "foo.example.com", "A"),                          // :139
                Arguments.of(m("", "", ""), "aaaa-foo.example.com", "foo.example.com", "AAAA"),                    // :146
                Arguments.of(m("", "", ""), "ns-foo.example.com", "foo.example.com", "NS"),                        // :160
                Arguments.of(m("", "", ""), "srv-foo.example.com", "foo.example.com", "SRV"),                      // :174
                Arguments.of(m("", "", ""), "naptr-foo.example.com", "foo.example.com", "NAPTR"),                  // :188
                Arguments.of(m("", "", ""), "txt-foo.example.com", "foo.example.com", "TXT"),                      // :195
                Arguments.of(m("pre-", "-suf", ""), "pre-a-foo-suf.example.com", "", ""),                          // :202
                // mapper_test.go:656-682 TestExtractRecordTypeDefaultPosition: no type, the name itself (old format).
                Arguments.of(m("", "", ""), "zone.example.com", "zone.example.com", ""),
                // mapper_test.go:633-645: an affix mapper given a name without its affix.
                Arguments.of(m("foo-", "", ""), "bar.example.com", "", ""),
                Arguments.of(m("", "-foo", ""), "bar.example.com", "", ""),
                // The old format under a prefix: the record's own name with the prefix (v0.17.0 registry/txt.go:440-454).
                Arguments.of(m("external-dns-", "", ""), "external-dns-nginx.foowidgets.k8s", "nginx.foowidgets.k8s", ""),
                // Upper case is lowered first (mapper.go:70).
                Arguments.of(m("", "", ""), "A-Foo.Example.COM", "foo.example.com", "A"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("toEndpointName")
    void readsTheOwnedRecordSetFromTheTxtName(TxtNames names, String input, String name, String type) {
        Optional<TxtNames.Owned> got = names.toEndpointName(input);
        if (name.isEmpty()) {
            assertThat(got).isEmpty();
        } else {
            assertThat(got).contains(new TxtNames.Owned(name, type));
        }
    }

    /** mapper_test.go:466-597 TestToEndpointNameNewTXT (round trips) and :232-415 TestAffixNameMapper_ToTXTName. */
    static Stream<Arguments> roundTrips() {
        return Stream.of(
                Arguments.of(m("foo", "", ""), "example.com", "A", "fooa-example.com"),                       // :475
                Arguments.of(m("", "foo", ""), "example", "AAAA", "aaaa-examplefoo"),                         // :482
                Arguments.of(m("", "foo", ""), "example.com", "AAAA", "aaaa-examplefoo.com"),                 // :489
                Arguments.of(m("foo-", "", ""), "example.com", "A", "foo-a-example.com"),                     // :496
                Arguments.of(m("", "-foo", ""), "example.com", "CNAME", "cname-example-foo.com"),             // :503
                Arguments.of(m("foo.", "", ""), "example.com", "CNAME", "foo.cname-example.com"),             // :510
                Arguments.of(m("", ".foo", ""), "example.com", "CNAME", "cname-example.foo.com"),             // :517
                Arguments.of(m("foo.bar.", "", ""), "example.com", "CNAME", "foo.bar.cname-example.com"),     // :524
                Arguments.of(m("", ".foo.bar.test", ""), "example.com", "CNAME", "cname-example.foo.bar.test.com"), // :531
                Arguments.of(m("%{record_type}-foo", "", ""), "example.com", "A", "a-fooexample.com"),        // :538
                Arguments.of(m("", "foo-%{record_type}", ""), "example.com", "A", "examplefoo-a.com"),        // :545
                Arguments.of(m("%{record_type}foo.", "", ""), "example.com", "CNAME", "cnamefoo.example.com"), // :552
                Arguments.of(m("", ".foo%{record_type}", ""), "example.com", "A", "example.fooa.com"),        // :559
                Arguments.of(m("bar.%{record_type}.foo.", "", ""), "example.com", "CNAME", "bar.cname.foo.example.com"), // :566
                Arguments.of(m("", ".foo%{record_type}.bar", ""), "example.com", "A", "example.fooa.bar.com"), // :573
                Arguments.of(m("", "", ""), "2.49.168.192.in-addr.arpa", "PTR", "ptr-2.49.168.192.in-addr.arpa"), // :395
                Arguments.of(m("", "", ""), "foo.example.com", "TXT", "txt-foo.example.com"),                 // :409
                // The rfc2136 tutorial's --txt-prefix=external-dns- (docs/tutorials/rfc2136.md).
                Arguments.of(m("external-dns-", "", ""), "nginx.foowidgets.k8s", "A", "external-dns-a-nginx.foowidgets.k8s"));
    }

    @ParameterizedTest(name = "{0}: {1} {2} <-> {3}")
    @MethodSource("roundTrips")
    void writesTheTxtNameAndReadsItBack(TxtNames names, String domain, String type, String txt) {
        assertThat(names.toTxtName(domain, type)).isEqualTo(txt);
        assertThat(names.toEndpointName(txt)).contains(new TxtNames.Owned(domain, type));
    }

    @Test
    void aWildcardIsReplacedInTheTxtNameAndInTheLookup() {
        TxtNames names = m("txt-", "", "wild");
        // mapper_test.go:332-336: *.example.com A -> txt-a-wild.example.com
        assertThat(names.toTxtName("*.example.com", "A")).isEqualTo("txt-a-wild.example.com");
        assertThat(names.toEndpointName("txt-a-wild.example.com")).contains(new TxtNames.Owned("wild.example.com", "A"));
        // registry/txt/registry.go:244-249: the record is looked up under the replaced name.
        assertThat(names.lookupName(DnsName.of("*.example.com"))).isEqualTo("wild.example.com");
        assertThat(TxtNames.DEFAULT.lookupName(DnsName.of("*.example.com"))).isEqualTo("*.example.com");
    }

    @Test
    void theOldFormatNameIsTheRecordsOwnNameWithTheAffixes() {
        // v0.17.0 registry/txt.go:440-454 toTXTName, and :240 (no old format with a template affix).
        assertThat(TxtNames.DEFAULT.legacyTxtName(DnsName.of("nginx.foowidgets.k8s"))).contains(DnsName.of("nginx.foowidgets.k8s"));
        assertThat(m("external-dns-", "", "").legacyTxtName(DnsName.of("nginx.foowidgets.k8s")))
                .contains(DnsName.of("external-dns-nginx.foowidgets.k8s"));
        assertThat(m("", "-txt", "").legacyTxtName(DnsName.of("nginx.foowidgets.k8s"))).contains(DnsName.of("nginx-txt.foowidgets.k8s"));
        assertThat(m("%{record_type}-", "", "").legacyTxtName(DnsName.of("nginx.foowidgets.k8s"))).isEmpty();
    }

    @Test
    void typedNamesAsDnsNamesAndTheSettingsExternalDnsRefuses() {
        assertThat(TxtNames.DEFAULT.txtName(DnsName.of("nginx.foowidgets.k8s"), RecordType.AAAA))
                .contains(DnsName.of("aaaa-nginx.foowidgets.k8s"));
        assertThat(m("Ext-", "", "").prefix()).isEqualTo("ext-");
        assertThat(m("a-", "-b", "").problem()).hasValueSatisfying(p -> assertThat(p).contains("mutually exclusive"));
        assertThat(TxtNames.DEFAULT.problem()).isEmpty();
    }
}
