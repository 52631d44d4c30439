package dev.wayfinder.gslb.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.gslb.status.GslbStatus.Condition;
import dev.wayfinder.gslb.strategy.GslbPolicy;
import dev.wayfinder.gslb.strategy.ServingDns;
import dev.wayfinder.gslb.strategy.StrategyType;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.source.api.Subtrees;
import dev.wayfinder.source.api.Subtrees.Published;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A Gslb's conditions as tables: the strategy on each serving DNS, and the names beneath its hosts. */
class GslbConditionsTest {

    static final Map<String, Integer> WEIGHTS = Map.of("us-buf", 80, "us-nyc", 20);

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # strategy       | serving   | honoured | reason         | the message says
            roundRobin       | COREDNS   | true     | Honoured       | every healthy cluster's targets, shuffled per query
            failover         | COREDNS   | true     | Honoured       | the active cluster's targets, shuffled per query
            weightRoundRobin | COREDNS   | false    | WeightsIgnored | stock CoreDNS ignores the weights (us-buf 80, us-nyc 20): clients get every healthy cluster's targets
            geoip            | COREDNS   | false    | GeoIgnored     | stock CoreDNS ignores the geo tags: clients get every healthy cluster's targets, whatever the client's region
            roundRobin       | WAYFINDER | true     | Honoured       | every healthy cluster's targets, shuffled per query
            failover         | WAYFINDER | true     | Honoured       | the active cluster's targets
            weightRoundRobin | WAYFINDER | true     | Honoured       | one cluster per query, drawn by its weight (us-buf 80, us-nyc 20)
            geoip            | WAYFINDER | true     | Honoured       | the healthy clusters of the client's region
            """)
    void whatEachServerGivesForEachStrategy(String strategy, ServingDns serving, boolean honoured, String reason, String says) {
        GslbPolicy policy = GslbPolicy.k8gb(StrategyType.fromWire(strategy).orElseThrow(), List.of("us-buf"),
                strategy.equals("weightRoundRobin") ? WEIGHTS : Map.of(), 30);

        Condition c = GslbConditions.of(policy, serving, List.of(), List.of()).get(0);

        assertThat(c.type()).isEqualTo("StrategyHonoured");
        assertThat(c.status()).isEqualTo(honoured);
        assertThat(c.reason()).isEqualTo(reason);
        assertThat(c.message()).contains(says);
        if (!honoured) {
            assertThat(c.message()).contains("gslb.servingDns: wayfinder").contains("--gslb-serving-dns=wayfinder");
        }
    }

    static Published gslb(String name, String resource) {
        return new Published(DnsName.of(name), resource, true);
    }

    @Test
    void namesBeneathAHostAreSaidWithWhatCoreDnsAnswers() {
        List<Subtrees.Nested> nested = Subtrees.of(List.of(gslb("app.z", "gslb/a/app"), gslb("v2.app.z", "gslb/a/v2"),
                new Published(DnsName.of("x.app.z"), "service/d/x", false), new Published(DnsName.of("www.z"), "service/d/www", false),
                gslb("api.www.z", "gslb/a/api")));
        GslbPolicy rr = GslbPolicy.k8gb(StrategyType.ROUND_ROBIN, List.of(), Map.of(), 30);

        Condition app = GslbConditions.of(rr, ServingDns.COREDNS, List.of(DnsName.of("app.z")), nested).get(1);
        assertThat(app.type()).isEqualTo("NamesBeneath");
        assertThat(app.status()).isTrue();
        assertThat(app.reason()).isEqualTo("AnsweredTogether");
        assertThat(app.message()).startsWith("app.z: ").contains("also get the targets of x.app.z (service/d/x)")
                .contains("v2.app.z (gslb/a/v2) is published beneath it in its own SkyDNS group");

        Condition v2 = GslbConditions.of(rr, ServingDns.COREDNS, List.of(DnsName.of("v2.app.z")), nested).get(1);
        assertThat(v2.status()).isFalse();
        assertThat(v2.reason()).isEqualTo("NoneBeneath");

        // Beneath a plain name, a Gslb host is answered with it: said on the Gslb too.
        Condition api = GslbConditions.of(rr, ServingDns.COREDNS, List.of(DnsName.of("api.www.z")), nested).get(1);
        assertThat(api.status()).isTrue();
        assertThat(api.reason()).isEqualTo("AnsweredTogether");
        assertThat(api.message()).isEqualTo("api.www.z: published beneath www.z (service/d/www), and CoreDNS's etcd plugin reads the"
                + " whole subtree of www.z, so A/AAAA questions for www.z also get this host's targets");
    }
}
