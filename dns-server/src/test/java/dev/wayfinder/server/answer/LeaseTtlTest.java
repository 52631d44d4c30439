package dev.wayfinder.server.answer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.model.skydns.SkyDnsKeys;
import dev.wayfinder.server.snapshot.LeaseTable;
import dev.wayfinder.server.snapshot.SnapshotEntry;
import dev.wayfinder.server.snapshot.ZoneSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The TTL of §5.3 (CoreDNS ≥ 1.12.4): a key's etcd lease, clamped, against the record's own {@code ttl}. */
class LeaseTtlTest {

    private static final Instant NOW = Fixtures.CLOCK.instant();
    private static final long LEASE = 0x694d7a1b2c3d4e5fL;

    /**
     * One row: the record's {@code ttl}, the lease's remaining time in milliseconds at the query
     * (null: the key has no lease), whether the lease is known, the bounds, and the expected TTL.
     */
    record Case(String why, long recordTtl, Long remainingMillis, boolean known, long min, long max, long expected) {
        @Override
        public String toString() {
            return why;
        }
    }

    static Stream<Case> cases() {
        long min = LeaseTtl.DEFAULT_MIN;
        long max = LeaseTtl.DEFAULT_MAX;
        return Stream.of(
                new Case("neither lease nor ttl: 300", 0, null, false, min, max, 300),
                new Case("ttl only", 60, null, false, min, max, 60),
                new Case("lease only", 0, 120_000L, true, min, max, 120),
                new Case("lease only, part of a second left over is truncated as etcd does", 0, 120_900L, true, min, max, 120),
                new Case("both: the ttl is smaller", 60, 120_000L, true, min, max, 60),
                new Case("both: the lease is smaller", 200, 120_000L, true, min, max, 120),
                new Case("lease below min-lease-ttl clamps up to 30", 0, 10_000L, true, min, max, 30),
                new Case("clamped lease still competes with a smaller ttl", 20, 10_000L, true, min, max, 20),
                new Case("lease above max-lease-ttl clamps down to 86400", 0, 200_000_000L, true, min, max, 86_400),
                new Case("expired lease is ignored", 0, -5_000L, true, min, max, 300),
                new Case("expired lease is ignored, the ttl stands", 45, -5_000L, true, min, max, 45),
                new Case("under a second left is a TTL of 0: ignored", 0, 900L, true, min, max, 300),
                new Case("unknown lease (not learnt, or gone) is ignored", 0, 120_000L, false, min, max, 300),
                new Case("unknown lease, the ttl stands", 90, 120_000L, false, min, max, 90),
                new Case("custom bounds: below min", 0, 10_000L, true, 60, 90, 60),
                new Case("custom bounds: above max", 0, 120_000L, true, 60, 90, 90),
                new Case("custom bounds: between", 0, 75_000L, true, 60, 90, 75));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void effectiveTtl(Case c) {
        LeaseTable table = new LeaseTable();
        long lease = c.remainingMillis() == null ? 0 : LEASE;
        if (c.known() && lease != 0) {
            table.record(lease, NOW.plusMillis(c.remainingMillis()));
        }
        SnapshotEntry entry = SnapshotEntry.decode("/skydns/test/skydns/x",
                ("{\"host\":\"10.0.0.1\",\"ttl\":" + c.recordTtl() + "}").getBytes(StandardCharsets.UTF_8), lease);

        assertThat(new LeaseTtl(table, c.min(), c.max()).of(entry, NOW)).isEqualTo(c.expected());
    }

    @Test
    void everyRecordOfAnAnswerCarriesItsOwnKeysTtl() throws Exception {
        LeaseTable table = new LeaseTable();
        table.record(1, NOW.plusSeconds(100));
        table.record(2, NOW.plusSeconds(5));
        ZoneSnapshot snapshot = ZoneSnapshot.of(1, List.of(
                entry("/skydns/test/skydns/alias", "{\"host\":\"target.skydns.test\"}", 1),
                entry("/skydns/test/skydns/target/a", "{\"host\":\"10.0.0.1\",\"ttl\":3600}", 2),
                entry("/skydns/test/skydns/target/b", "{\"host\":\"10.0.0.2\",\"ttl\":70}", 1)));
        Answerer answerer = new Answerer(Fixtures.ZONES, SkyDnsKeys.defaults(), Upstream.NONE, AddressPolicy.NONE, Fixtures.CLOCK,
                LeaseTtl.defaults(table));

        Message m = answerer.answer(snapshot, Fixtures.query("alias.skydns.test", Type.A), null);

        assertThat(Fixtures.lines(m, Section.ANSWER)).containsExactly(
                "alias.skydns.test. 100 CNAME target.skydns.test.",
                "target.skydns.test. 30 A 10.0.0.1",
                "target.skydns.test. 70 A 10.0.0.2");
    }

    @Test
    void withoutLeaseInformationTheRecordTtlStands() {
        ZoneSnapshot snapshot = ZoneSnapshot.of(1, List.of(entry("/skydns/test/skydns/leased", "{\"host\":\"10.0.0.1\"}", 7)));

        Message m = Fixtures.answerer(Upstream.NONE).answer(snapshot, Fixtures.query("leased.skydns.test", Type.A), null);

        assertThat(Fixtures.lines(m, Section.ANSWER)).containsExactly("leased.skydns.test. 300 A 10.0.0.1");
    }

    private static SnapshotEntry entry(String key, String json, long lease) {
        return SnapshotEntry.decode(key, json.getBytes(StandardCharsets.UTF_8), lease);
    }
}
