package dev.wayfinder.provider.writers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.model.DnsName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The verdict as a table: who else is registered under the owner id, and what this writer ("me", order 20) does. */
class WriterVerdictTest {

    private static final Writer ME = writer("me", 20, "/skydns/", "example.org", "");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                     | others (instance:order:area:domains:election, space-separated) | me registered | my election | standing     | rivals
            alone                                      |                                                      | true  |  | ALONE        |
            not registered yet, nobody else            |                                                      | false |  | UNREGISTERED |
            not registered yet, a rival is there       | a:10:/skydns/:example.org:                           | false |  | UNREGISTERED | a
            an older rival                             | a:10:/skydns/:example.org:                           | true  |  | STANDING_BY  | a
            a younger rival                            | b:30:/skydns/:example.org:                           | true  |  | FIRST        | b
            one older, one younger                     | b:30:/skydns/:example.org: a:10:/skydns/:example.org:  | true  |  | STANDING_BY  | a b
            same order, the smaller name goes first    | zz:20:/skydns/:example.org:                          | true  |  | FIRST        | zz
            same order, the smaller name goes first 2  | ab:20:/skydns/:example.org:                          | true  |  | STANDING_BY  | ab
            another prefix is another area             | a:10:/other/:example.org:                            | true  |  | ALONE        |
            disjoint domains never meet                | a:10:/skydns/:example.com:                           | true  |  | ALONE        |
            a parent domain overlaps                   | a:10:/skydns/:org:                                   | true  |  | STANDING_BY  | a
            a child domain overlaps                    | a:10:/skydns/:www.example.org:                       | true  |  | STANDING_BY  | a
            no domain filter means every name          | a:10:/skydns/::                                      | true  |  | STANDING_BY  | a
            one election between them arbitrates       | a:10:/skydns/:example.org:ns/lease                   | true  | ns/lease | ALONE        |
            """)
    void verdicts(String name, String others, boolean registered, String myElection, WriterVerdict.Standing standing, String rivals) {
        List<Writer> all = new ArrayList<>();
        if (others != null) {
            Arrays.stream(others.trim().split("\\s+")).map(WriterVerdictTest::parse).forEach(all::add);
        }
        Writer me = myElection == null ? ME : withElection(ME, myElection);
        if (registered) {
            all.add(me);
        }

        WriterVerdict verdict = WriterVerdict.decide(me, all);

        assertThat(verdict.standing()).isEqualTo(standing);
        assertThat(verdict.others()).extracting(Writer::instance)
                .containsExactlyElementsOf(rivals == null ? List.of() : List.of(rivals.trim().split(" ")));
        assertThat(verdict.mayWrite()).isEqualTo(standing == WriterVerdict.Standing.ALONE || standing == WriterVerdict.Standing.FIRST);
        assertThat(verdict.writers()).isEqualTo(verdict.others().size() + (registered ? 1 : 0));
    }

    private static Writer parse(String spec) {
        String[] f = spec.split(":", -1);
        return writer(f[0], Long.parseLong(f[1]), f[2], f[3], f[4]);
    }

    private static Writer writer(String instance, long order, String area, String domains, String election) {
        List<DnsName> names = domains.isEmpty() ? List.of() : Arrays.stream(domains.split(",")).map(DnsName::of).toList();
        return new Writer(instance, "host-" + instance, order, area, names, election, Instant.EPOCH.plusSeconds(order));
    }

    private static Writer withElection(Writer w, String election) {
        return new Writer(w.instance(), w.host(), w.order(), w.area(), w.domains(), election, w.since());
    }
}
