package dev.wayfinder.model.txt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** ExternalDNS v0.22 {@code endpoint/labels.go} and the cases of its {@code labels_test.go}. */
class HeritageLabelsTest {

    static Stream<Arguments> parse() {
        return Stream.of(
                // What the TXT registry writes (quoted, registry/txt/registry.go:344) and reads (quotes trimmed, labels.go:62).
                Arguments.of("\"heritage=external-dns,external-dns/owner=cluster1,external-dns/resource=service/default/nginx\"",
                        Optional.of(Map.of("owner", "cluster1", "resource", "service/default/nginx"))),
                Arguments.of("heritage=external-dns,external-dns/owner=cluster1", Optional.of(Map.of("owner", "cluster1"))),
                // Heritage of another tool: not ExternalDNS's (labels.go:70-72).
                Arguments.of("heritage=mate,external-dns/owner=cluster1", Optional.empty()),
                // No heritage at all (labels.go:82-84).
                Arguments.of("external-dns/owner=cluster1", Optional.empty()),
                Arguments.of("v=spf1 -all", Optional.empty()),
                // A value may hold '=' (strings.Cut at the first one, labels.go:66); tokens without '=' are skipped.
                Arguments.of("heritage=external-dns,external-dns/resource=a=b,junk", Optional.of(Map.of("resource", "a=b"))),
                // Only keys under external-dns count (labels.go:77-79).
                Arguments.of("heritage=external-dns,other/owner=x", Optional.of(Map.of())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parse")
    void parsesAsExternalDnsDoes(String text, Optional<Map<String, String>> labels) {
        assertThat(HeritageLabels.parse(text)).isEqualTo(labels);
    }

    @Test
    void writesSortedAndQuotedAsTheRegistryDoes() {
        // labels.go:108-127: heritage first, then the keys sorted; quoted when asked (registry.go:344 passes true).
        assertThat(HeritageLabels.format(Map.of("resource", "service/default/nginx", "owner", "cluster1"), true))
                .isEqualTo("\"heritage=external-dns,external-dns/owner=cluster1,external-dns/resource=service/default/nginx\"");
        assertThat(HeritageLabels.format(Map.of("owner", "x"), false)).isEqualTo("heritage=external-dns,external-dns/owner=x");
        assertThat(HeritageLabels.owner("heritage=external-dns")).contains("");
    }
}
