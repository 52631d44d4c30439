package dev.wayfinder.source.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.source.api.Subtrees.Published;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubtreesTest {

    private static Published p(String spec) {
        // name=resource, with a trailing '+' when grouped
        boolean grouped = spec.endsWith("+");
        String s = grouped ? spec.substring(0, spec.length() - 1) : spec;
        int eq = s.indexOf('=');
        return new Published(DnsName.of(s.substring(0, eq)), s.substring(eq + 1), grouped);
    }

    private static List<Published> all(String specs) {
        return Arrays.stream(specs.split(" ")).map(SubtreesTest::p).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # published (name=resource, + grouped)                          | parent: answered with it / kept apart (names beneath)
            app.z=gslb/a/app+ v2.app.z=gslb/a/v2+                            | app.z: / v2.app.z
            app.z=gslb/a/app+ localtargets-v2.app.z=gslb/a/v2+ v2.app.z=gslb/a/v2+ | app.z: / localtargets-v2.app.z v2.app.z
            app.z=gslb/a/app+ x.app.z=service/d/x                            | app.z: x.app.z /
            app.z=service/d/app v2.app.z=gslb/a/v2+                          | app.z: v2.app.z /
            www.z=service/d/www a.www.z=service/d/a b.a.www.z=ingress/d/b    | a.www.z: b.a.www.z / ; www.z: a.www.z b.a.www.z /
            a.z=service/d/a b.z=service/d/b ab.z=service/d/ab                |
            """)
    void namesBeneathOthersAreFoundAndTheirFateSaid(String published, String expected) {
        String got = String.join(" ; ", Subtrees.of(all(published)).stream().map(n -> (n.parent().name() + ": "
                + String.join(" ", n.answeredWithParent().stream().map(b -> b.name().toString()).toList()) + " / "
                + String.join(" ", n.keptApart().stream().map(b -> b.name().toString()).toList())).replaceAll(" +", " ").strip()).toList());
        assertThat(got).isEqualTo(expected == null ? "" : expected.strip());
    }

    @Test
    void aNamePublishedTwiceCountsOnceAndIsGroupedOnlyWhenEveryPublicationIs() {
        List<Subtrees.Nested> n = Subtrees.of(all("app.z=gslb/a/app+ app.z=service/d/app v2.app.z=gslb/a/v2+"));
        assertThat(n).singleElement().satisfies(x -> {
            assertThat(x.parent()).isEqualTo(new Published(DnsName.of("app.z"), "gslb/a/app", false));
            assertThat(x.answeredWithParent()).extracting(Published::resource).containsExactly("gslb/a/v2");
        });
    }

    @Test
    void theExplanationSaysWhatCoreDnsAnswers() {
        Subtrees.Nested n = Subtrees.of(all("app.z=gslb/a/app+ v2.app.z=gslb/a/v2+ x.app.z=service/d/x")).get(0);
        assertThat(n.explanation()).isEqualTo("CoreDNS's etcd plugin reads the whole subtree of app.z, so A/AAAA questions for it also"
                + " get the targets of x.app.z (service/d/x); v2.app.z (gslb/a/v2) is published beneath it in its own SkyDNS group,"
                + " which CoreDNS's subtree read of app.z leaves out");
    }
}
