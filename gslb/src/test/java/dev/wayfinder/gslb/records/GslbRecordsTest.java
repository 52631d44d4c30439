package dev.wayfinder.gslb.records;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.gslb.strategy.GslbDecision;
import dev.wayfinder.gslb.strategy.GslbDecision.Code;
import dev.wayfinder.gslb.strategy.GslbDecision.Reason;
import dev.wayfinder.gslb.strategy.HostHealth;
import dev.wayfinder.gslb.strategy.HostOutcome;
import dev.wayfinder.gslb.strategy.LocalHealth;
import dev.wayfinder.gslb.strategy.StrategyType;
import dev.wayfinder.gslb.strategy.TargetGroup;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.source.api.SourceResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The records of one host as a table: health and local targets, the decision's groups, TTLs. */
class GslbRecordsTest {

    static final String RESOURCE = "gslb/apps/fe";

    /** Groups as {@code tag=ip,ip[@weight]} separated by spaces. */
    static GslbDecision decision(String groups, int ttl) {
        List<TargetGroup> out = new ArrayList<>();
        for (String g : groups.isBlank() ? new String[0] : groups.split(" ")) {
            String[] tw = g.split("@");
            String[] p = tw[0].split("=");
            out.add(new TargetGroup(p[0], List.of(p[1].split(",")), tw.length > 1 ? OptionalInt.of(Integer.parseInt(tw[1])) : OptionalInt.empty()));
        }
        return new GslbDecision(out, ttl, new Reason(out.isEmpty() ? Code.NO_HEALTHY_TARGETS : Code.UNION, "test"), Optional.empty(), Map.of());
    }

    /** Each record as {@code name type set ttl targets [weight]}. */
    static List<String> render(SourceResult r) {
        return r.endpoints().stream().map(GslbRecordsTest::render).sorted().toList();
    }

    static String render(Endpoint e) {
        assertThat(e.metadata().resource()).isEqualTo(RESOURCE);
        assertThat(e.metadata().geoTag()).isEqualTo(e.setIdentifier());
        // Each name in a SkyDNS group of its own; the answer carries the strategy for wayfinder dns.
        assertThat(e.metadata().group()).isEqualTo(e.name().toString());
        assertThat(e.metadata().strategy()).isEqualTo(e.name().toString().startsWith(GslbRecords.LOCAL_PREFIX) ? "" : "roundRobin");
        return e.name() + " " + e.type() + " " + (e.setIdentifier().isEmpty() ? "-" : e.setIdentifier()) + " " + e.ttl() + " "
                + String.join(",", e.targets()) + (e.metadata().weight().isPresent() ? " w" + e.metadata().weight().getAsInt() : "");
    }

    @ParameterizedTest(name = "{0} local [{1}] decision [{2}] ttl {3}")
    @CsvSource(delimiter = '|', value = {
        // health | local targets | decision | ttl | records (';' separated)
        "HEALTHY   | 10.0.0.1          | us-buf=10.0.0.1                   | 30 | fe.example.com A us-buf 30 10.0.0.1;localtargets-fe.example.com A - 30 10.0.0.1",
        "UNHEALTHY | ''                | us-nyc=10.0.0.9                   | 30 | fe.example.com A us-nyc 30 10.0.0.9",
        "UNHEALTHY | ''                | ''                                | 5  | ''",
        "NOT_FOUND | ''                | us-nyc=10.0.0.9                   | 30 | fe.example.com A us-nyc 30 10.0.0.9",
        "HEALTHY   | 10.0.0.1 2001:db8::1 | us-buf=10.0.0.1,2001:db8::1 us-nyc=10.0.0.9 | 60 | fe.example.com A us-buf 60 10.0.0.1;fe.example.com A us-nyc 60 10.0.0.9;fe.example.com AAAA us-buf 60 2001:db8::1;localtargets-fe.example.com A - 60 10.0.0.1;localtargets-fe.example.com AAAA - 60 2001:db8::1",
        "HEALTHY   | 10.0.0.1          | us-buf=10.0.0.1@80 us-nyc=10.0.0.9@20 | 30 | fe.example.com A us-buf 30 10.0.0.1 w80;fe.example.com A us-nyc 30 10.0.0.9 w20;localtargets-fe.example.com A - 30 10.0.0.1",
        "HEALTHY   | 10.0.0.1          | us-buf=10.0.0.1                   | 0  | fe.example.com A us-buf 1 10.0.0.1;localtargets-fe.example.com A - 1 10.0.0.1",
    })
    void recordsFollowHealthAndDecision(HostHealth health, String local, String groups, int ttl, String records) {
        HostOutcome outcome = new HostOutcome(DnsName.of("fe.example.com"), health, "why", new LocalHealth(1, list(local, " ")),
                List.of(), decision(groups, ttl));

        SourceResult r = GslbRecords.of(RESOURCE, "spec.ingress.rules[].host", outcome, StrategyType.ROUND_ROBIN, ttl, false);

        assertThat(render(r)).isEqualTo(list(records, ";"));
        assertThat(r.problems()).isEmpty();
    }

    @ParameterizedTest(name = "decision [{0}]")
    @CsvSource(delimiter = '|', value = {
        // decision | records of <host> when Gslb names are published beneath it
        "''              | fe.example.com TXT - 30 wayfinder gslb: no healthy targets",
        "us-buf=10.0.0.1 | fe.example.com A us-buf 30 10.0.0.1",
    })
    void anEmptyHostWithGslbNamesBeneathItWritesAGroupAnchor(String groups, String records) {
        HostOutcome outcome = new HostOutcome(DnsName.of("fe.example.com"), HostHealth.UNHEALTHY, "why", new LocalHealth(0, List.of()),
                List.of(), decision(groups, 30));

        SourceResult r = GslbRecords.of(RESOURCE, "spec.ingress.rules[].host", outcome, StrategyType.ROUND_ROBIN, 30, true);

        assertThat(render(r)).isEqualTo(list(records, ";"));
        assertThat(r.endpoints()).allSatisfy(e -> assertThat(e.metadata().group()).isEqualTo("fe.example.com"));
    }

    @ParameterizedTest
    @CsvSource({"51", "52"})
    void aHostTooLongForItsLocalTargetsNameIsAProblemAndItsAnswerStays(int firstLabel) {
        DnsName host = DnsName.of("a".repeat(firstLabel) + ".example.com");
        HostOutcome outcome = new HostOutcome(host, HostHealth.HEALTHY, "ok", new LocalHealth(1, List.of("10.0.0.1")), List.of(),
                decision("us-buf=10.0.0.1", 30));

        SourceResult r = GslbRecords.of(RESOURCE, "spec.ingress.rules[].host", outcome, StrategyType.FAILOVER, 30, false);

        assertThat(r.endpoints()).extracting(Endpoint::name).containsExactly(host);
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.resource()).isEqualTo(RESOURCE);
            assertThat(p.field()).isEqualTo("spec.ingress.rules[].host");
            assertThat(p.message()).contains("too long for its localtargets- record").contains("63");
        });
    }

    static List<String> list(String s, String sep) {
        return s.isBlank() ? List.of() : Arrays.stream(s.trim().split(sep)).map(String::trim).sorted().toList();
    }
}
