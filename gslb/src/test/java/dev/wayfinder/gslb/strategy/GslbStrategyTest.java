package dev.wayfinder.gslb.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.gslb.strategy.GslbDecision.Code;
import dev.wayfinder.gslb.strategy.GslbDecision.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The seed's two-cluster story (us-buf primary 10.2.1.167, us-nyc 10.2.1.98) and every branch around it. */
class GslbStrategyTest {

    static final Instant NOW = Instant.parse("2026-11-22T04:00:00Z");
    static final String BUF = "us-buf";
    static final String NYC = "us-nyc";
    static final String AMS = "eu-ams";
    static final String SYD = "ap-syd";
    static final String AMS_IP = "10.3.0.1";
    static final String SYD_IP = "10.4.0.1";
    static final String BUF_IP = "10.2.1.167";
    static final String NYC_IP = "10.2.1.98";
    static final Duration HOLD = Duration.ofSeconds(60);

    static GslbPolicy failover(String... order) {
        return GslbPolicy.k8gb(StrategyType.FAILOVER, List.of(order), Map.of(), 30).withFailbackHoldDown(HOLD);
    }

    static GslbPolicy of(StrategyType type, Map<String, Integer> weights) {
        return GslbPolicy.k8gb(type, List.of(), weights, 30);
    }

    static LocalHealth local(int ready, String... targets) {
        return new LocalHealth(ready, List.of(targets));
    }

    static PeerState peer(String tag, String... targets) {
        return new PeerState(tag, List.of(targets), true, NOW.minusSeconds(1));
    }

    static PeerState unreachable(String tag, Duration silentFor, String... targets) {
        return new PeerState(tag, List.of(targets), false, NOW.minus(silentFor));
    }

    static TargetGroup group(String tag, String... targets) {
        return new TargetGroup(tag, List.of(targets), OptionalInt.empty());
    }

    static TargetGroup weighted(String tag, int weight, String... targets) {
        return new TargetGroup(tag, List.of(targets), OptionalInt.of(weight));
    }

    static Optional<GslbDecision> previous(String active, Map<String, Instant> since, TargetGroup... groups) {
        return Optional.of(new GslbDecision(List.of(groups), 30, new Reason(Code.FAILOVER, "before"),
                Optional.ofNullable(active), since));
    }

    static GslbInput in(GslbPolicy p, String localTag, LocalHealth local, List<PeerState> peers, Optional<GslbDecision> prev) {
        return new GslbInput(p, localTag, local, peers, prev, NOW);
    }

    record Row(GslbInput input, List<TargetGroup> groups, Code code, String message, int ttl) {
    }

    static Arguments row(String name, GslbInput input, List<TargetGroup> groups, Code code, String message, int ttl) {
        return Arguments.of(Named.of(name, new Row(input, groups, code, message, ttl)));
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                row("primary us-buf healthy serves itself only",
                        in(failover(BUF), BUF, local(2, BUF_IP), List.of(peer(NYC, NYC_IP)), Optional.empty()),
                        List.of(group(BUF, BUF_IP)), Code.PRIMARY_HEALTHY, "primary us-buf healthy", 30),
                row("secondary us-nyc serves the healthy primary's targets",
                        in(failover(BUF), NYC, local(2, NYC_IP), List.of(peer(BUF, BUF_IP)), Optional.empty()),
                        List.of(group(BUF, BUF_IP)), Code.PRIMARY_HEALTHY, "primary us-buf healthy", 30),
                row("buf scaled to 0: buf fails over to nyc",
                        in(failover(BUF), BUF, local(0, BUF_IP), List.of(peer(NYC, NYC_IP)), Optional.empty()),
                        List.of(group(NYC, NYC_IP)), Code.FAILOVER,
                        "failover to us-nyc: us-buf has 0 healthy endpoints (minimum 1)", 30),
                row("buf says empty: nyc fails over to itself at once",
                        in(failover(BUF), NYC, local(1, NYC_IP), List.of(peer(BUF)), Optional.empty()),
                        List.of(group(NYC, NYC_IP)), Code.FAILOVER, "failover to us-nyc: us-buf reports no healthy targets", 30),
                row("buf back but within the hold-down: stay on nyc",
                        in(failover(BUF), NYC, local(1, NYC_IP), List.of(peer(BUF, BUF_IP)),
                                previous(NYC, Map.of(BUF, NOW.minusSeconds(10), NYC, NOW.minusSeconds(600)), group(NYC, NYC_IP))),
                        List.of(group(NYC, NYC_IP)), Code.FAILBACK_HELD,
                        "failback to us-buf held until 2026-11-22T04:00:50Z; serving us-nyc", 30),
                row("buf newly healthy starts its hold-down now",
                        in(failover(BUF), BUF, local(1, BUF_IP), List.of(peer(NYC, NYC_IP)),
                                previous(NYC, Map.of(NYC, NOW.minusSeconds(600)), group(NYC, NYC_IP))),
                        List.of(group(NYC, NYC_IP)), Code.FAILBACK_HELD, "held until 2026-11-22T04:01:00Z", 30),
                row("buf healthy past the hold-down: fail back",
                        in(failover(BUF), NYC, local(1, NYC_IP), List.of(peer(BUF, BUF_IP)),
                                previous(NYC, Map.of(BUF, NOW.minusSeconds(61), NYC, NOW.minusSeconds(600)), group(NYC, NYC_IP))),
                        List.of(group(BUF, BUF_IP)), Code.FAILBACK, "failback to us-buf: healthy since 2026-11-22T03:58:59Z", 30),
                row("previous active now down: no hold-down, go to the best",
                        in(failover(BUF), BUF, local(1, BUF_IP), List.of(peer(NYC)),
                                previous(NYC, Map.of(NYC, NOW.minusSeconds(600)), group(NYC, NYC_IP))),
                        List.of(group(BUF, BUF_IP)), Code.PRIMARY_HEALTHY, "primary us-buf healthy", 30),
                row("ordered list: buf and nyc down, third choice eu-ams",
                        in(failover(BUF, NYC, AMS), BUF, local(0, BUF_IP), List.of(peer(NYC), peer(AMS, "10.3.0.1")), Optional.empty()),
                        List.of(group(AMS, "10.3.0.1")), Code.FAILOVER,
                        "failover to eu-ams: us-buf has 0 healthy endpoints (minimum 1); us-nyc reports no healthy targets", 30),
                // Three or more clusters with primaryGeoTag only: k8gb v0.21 controllers/providers/k8gbendpoint/applicationDNSEndpoint.go
                // lines 127-148 serve the primary alone while it is healthy, else every remaining healthy cluster (the unhealthy
                // primary serves all external targets, each secondary its own targets plus the other externals).
                row("3 clusters, primary down: the primary spreads over every remaining healthy cluster",
                        in(failover(BUF), BUF, local(0, BUF_IP), List.of(peer(NYC, NYC_IP), peer(AMS, AMS_IP)), Optional.empty()),
                        List.of(group(AMS, AMS_IP), group(NYC, NYC_IP)), Code.FAILOVER,
                        "failover to eu-ams, us-nyc: us-buf has 0 healthy endpoints (minimum 1)", 30),
                row("3 clusters, primary down: a secondary serves itself and the other secondary",
                        in(failover(BUF), NYC, local(1, NYC_IP), List.of(peer(BUF), peer(AMS, AMS_IP)), Optional.empty()),
                        List.of(group(AMS, AMS_IP), group(NYC, NYC_IP)), Code.FAILOVER,
                        "failover to eu-ams, us-nyc: us-buf reports no healthy targets", 30),
                row("3 clusters, primary healthy: every secondary serves the primary only",
                        in(failover(BUF), AMS, local(1, AMS_IP), List.of(peer(BUF, BUF_IP), peer(NYC, NYC_IP)), Optional.empty()),
                        List.of(group(BUF, BUF_IP)), Code.PRIMARY_HEALTHY, "primary us-buf healthy", 30),
                row("3 clusters, primary and one secondary down: the last one alone",
                        in(failover(BUF), AMS, local(1, AMS_IP), List.of(peer(BUF), peer(NYC)), Optional.empty()),
                        List.of(group(AMS, AMS_IP)), Code.FAILOVER,
                        "failover to eu-ams: us-buf reports no healthy targets; us-nyc reports no healthy targets", 30),
                row("4 clusters, failover-order lists two: after both, the unlisted two together",
                        in(failover(BUF, NYC), BUF, local(0, BUF_IP), List.of(peer(NYC), peer(AMS, AMS_IP), peer(SYD, SYD_IP)),
                                Optional.empty()),
                        List.of(group(SYD, SYD_IP), group(AMS, AMS_IP)), Code.FAILOVER, "failover to ap-syd, eu-ams", 30),
                row("4 clusters, failover-order lists two: the second listed alone while it is healthy",
                        in(failover(BUF, NYC), AMS, local(1, AMS_IP), List.of(peer(BUF), peer(NYC, NYC_IP), peer(SYD, SYD_IP)),
                                Optional.empty()),
                        List.of(group(NYC, NYC_IP)), Code.FAILOVER, "failover to us-nyc: us-buf reports no healthy targets", 30),
                row("failover without primaryGeoTag (k8gb accepts it): every healthy cluster, as k8gb's secondaries all serve",
                        in(failover(), NYC, local(1, NYC_IP), List.of(peer(BUF, BUF_IP), peer(AMS, AMS_IP)), Optional.empty()),
                        List.of(group(NYC, NYC_IP), group(AMS, AMS_IP), group(BUF, BUF_IP)), Code.UNION,
                        "failover without a primaryGeoTag serves every healthy cluster (as k8gb): failover over us-nyc, eu-ams, us-buf", 30),
                row("failback from the spread is held like any other",
                        in(failover(BUF), NYC, local(1, NYC_IP), List.of(peer(BUF, BUF_IP), peer(AMS, AMS_IP)),
                                previous("eu-ams,us-nyc", Map.of(BUF, NOW.minusSeconds(10), NYC, NOW.minusSeconds(600),
                                        AMS, NOW.minusSeconds(600)), group(AMS, AMS_IP), group(NYC, NYC_IP))),
                        List.of(group(AMS, AMS_IP), group(NYC, NYC_IP)), Code.FAILBACK_HELD,
                        "failback to us-buf held until 2026-11-22T04:00:50Z; serving eu-ams, us-nyc", 30),
                row("failback from the spread after the hold-down",
                        in(failover(BUF), NYC, local(1, NYC_IP), List.of(peer(BUF, BUF_IP), peer(AMS, AMS_IP)),
                                previous("eu-ams,us-nyc", Map.of(BUF, NOW.minusSeconds(61), NYC, NOW.minusSeconds(600),
                                        AMS, NOW.minusSeconds(600)), group(AMS, AMS_IP), group(NYC, NYC_IP))),
                        List.of(group(BUF, BUF_IP)), Code.FAILBACK, "failback to us-buf", 30),
                row("ordered list over three: the spread ends with the list (the order says otherwise)",
                        in(failover(BUF, NYC, AMS), BUF, local(0, BUF_IP), List.of(peer(NYC, NYC_IP), peer(AMS, AMS_IP)), Optional.empty()),
                        List.of(group(NYC, NYC_IP)), Code.FAILOVER, "failover to us-nyc", 30),
                row("failover list names an unknown cluster",
                        in(failover("ap-syd", BUF), BUF, local(1, BUF_IP), List.of(), Optional.empty()),
                        List.of(group(BUF, BUF_IP)), Code.FAILOVER, "failover to us-buf: ap-syd is not known to this cluster", 30),
                row("min healthy endpoints: 2 ready of a required 3 counts as down",
                        in(failover(BUF).withMinHealthyEndpoints(3), BUF, local(2, BUF_IP), List.of(peer(NYC, NYC_IP)), Optional.empty()),
                        List.of(group(NYC, NYC_IP)), Code.FAILOVER, "us-buf has 2 healthy endpoints (minimum 3)", 30),
                row("local healthy but exposing no address counts as down",
                        in(failover(BUF), BUF, local(3), List.of(peer(NYC, NYC_IP)), Optional.empty()),
                        List.of(group(NYC, NYC_IP)), Code.FAILOVER, "us-buf exposes no addresses", 30),
                row("roundRobin: union of healthy targets, IPv6 included",
                        in(of(StrategyType.ROUND_ROBIN, Map.of()), BUF, local(1, BUF_IP, "2001:db8::167"),
                                List.of(peer(NYC, NYC_IP, "2001:db8::98")), Optional.empty()),
                        List.of(group(BUF, BUF_IP, "2001:db8::167"), group(NYC, NYC_IP, "2001:db8::98")),
                        Code.UNION, "roundRobin over us-buf, us-nyc", 30),
                row("roundRobin: unhealthy local is left out",
                        in(of(StrategyType.ROUND_ROBIN, Map.of()), BUF, local(0, BUF_IP), List.of(peer(NYC, NYC_IP)), Optional.empty()),
                        List.of(group(NYC, NYC_IP)), Code.UNION,
                        "roundRobin over us-nyc; left out: us-buf has 0 healthy endpoints (minimum 1)", 30),
                row("peer unreachable within grace keeps its last-known targets",
                        in(of(StrategyType.ROUND_ROBIN, Map.of()), BUF, local(1, BUF_IP),
                                List.of(unreachable(NYC, Duration.ofSeconds(20), NYC_IP)), Optional.empty()),
                        List.of(group(BUF, BUF_IP), group(NYC, NYC_IP)), Code.UNION, "roundRobin over us-buf, us-nyc", 30),
                row("peer unreachable beyond grace is dropped",
                        in(of(StrategyType.ROUND_ROBIN, Map.of()), BUF, local(1, BUF_IP),
                                List.of(unreachable(NYC, Duration.ofSeconds(31), NYC_IP)), Optional.empty()),
                        List.of(group(BUF, BUF_IP)), Code.UNION,
                        "left out: us-nyc unreachable since 2026-11-22T03:59:29Z, beyond its grace of PT30S", 30),
                row("failover: primary unreachable within grace is still served",
                        in(failover(BUF), NYC, local(1, NYC_IP), List.of(unreachable(BUF, Duration.ofSeconds(5), BUF_IP)), Optional.empty()),
                        List.of(group(BUF, BUF_IP)), Code.PRIMARY_HEALTHY, "primary us-buf healthy", 30),
                row("a peer claiming this cluster's geo tag is ignored",
                        in(of(StrategyType.ROUND_ROBIN, Map.of()), BUF, local(1, BUF_IP), List.of(peer(BUF, "192.0.2.1")), Optional.empty()),
                        List.of(group(BUF, BUF_IP)), Code.UNION, "roundRobin over us-buf", 30),
                row("weightRoundRobin: all healthy targets tagged with their weight",
                        in(of(StrategyType.WEIGHT_ROUND_ROBIN, Map.of(BUF, 80, NYC, 20)), BUF, local(1, BUF_IP),
                                List.of(peer(NYC, NYC_IP), peer(AMS, "10.3.0.1")), Optional.empty()),
                        List.of(weighted(BUF, 80, BUF_IP), group(AMS, "10.3.0.1"), weighted(NYC, 20, NYC_IP)),
                        Code.UNION, "weightRoundRobin over us-buf, eu-ams, us-nyc", 30),
                row("geoip: all healthy targets grouped by geo tag",
                        in(of(StrategyType.GEOIP, Map.of()), NYC, local(1, NYC_IP), List.of(peer(BUF, BUF_IP)), Optional.empty()),
                        List.of(group(NYC, NYC_IP), group(BUF, BUF_IP)), Code.UNION, "geoip over us-nyc, us-buf", 30),
                row("all unhealthy, NXDOMAIN",
                        in(failover(BUF), BUF, local(0, BUF_IP), List.of(peer(NYC)),
                                previous(BUF, Map.of(BUF, NOW.minusSeconds(600)), group(BUF, BUF_IP))),
                        List.of(), Code.NO_HEALTHY_TARGETS,
                        "no healthy targets, NXDOMAIN: us-buf has 0 healthy endpoints (minimum 1); us-nyc reports no healthy targets",
                        0),
                row("all unhealthy, keep last known",
                        in(failover(BUF).withAllUnhealthy(AllUnhealthyBehaviour.KEEP_LAST_KNOWN), BUF, local(0, BUF_IP), List.of(peer(NYC)),
                                previous(BUF, Map.of(BUF, NOW.minusSeconds(600)), group(BUF, BUF_IP))),
                        List.of(group(BUF, BUF_IP)), Code.KEPT_LAST_KNOWN, "keeping the last known answer", 30),
                row("all unhealthy, keep last known but nothing known: NXDOMAIN",
                        in(of(StrategyType.ROUND_ROBIN, Map.of()).withAllUnhealthy(AllUnhealthyBehaviour.KEEP_LAST_KNOWN), BUF,
                                local(0, BUF_IP), List.of(), Optional.empty()),
                        List.of(), Code.NO_HEALTHY_TARGETS, "NXDOMAIN", 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void decides(Row row) {
        GslbDecision d = GslbStrategy.decide(row.input());

        assertThat(d.groups()).isEqualTo(row.groups());
        assertThat(d.reason().code()).isEqualTo(row.code());
        assertThat(d.reason().message()).contains(row.message());
        assertThat(d.ttlSeconds()).isEqualTo(row.ttl());
    }

    @Test
    void theSeedStoryEndToEnd() {
        GslbPolicy p = failover(BUF);
        GslbDecision d1 = GslbStrategy.decide(in(p, NYC, local(1, NYC_IP), List.of(peer(BUF, BUF_IP)), Optional.empty()));
        assertThat(d1.allTargets()).containsExactly(BUF_IP);

        GslbDecision d2 = GslbStrategy.decide(new GslbInput(p, NYC, local(1, NYC_IP), List.of(peer(BUF)), Optional.of(d1), NOW.plusSeconds(10)));
        assertThat(d2.allTargets()).containsExactly(NYC_IP);
        assertThat(d2.active()).contains(NYC);

        Instant back = NOW.plusSeconds(20);
        GslbDecision d3 = GslbStrategy.decide(new GslbInput(p, NYC, local(1, NYC_IP), List.of(peer(BUF, BUF_IP)), Optional.of(d2), back));
        assertThat(d3.allTargets()).containsExactly(NYC_IP);
        assertThat(d3.reason().code()).isEqualTo(Code.FAILBACK_HELD);
        assertThat(d3.healthySince()).containsEntry(BUF, back);

        GslbDecision d4 = GslbStrategy.decide(new GslbInput(p, NYC, local(1, NYC_IP), List.of(peer(BUF, BUF_IP)), Optional.of(d3), back.plus(HOLD)));
        assertThat(d4.allTargets()).containsExactly(BUF_IP);
        assertThat(d4.reason().code()).isEqualTo(Code.FAILBACK);
    }
}
