package dev.wayfinder.server.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wayfinder.model.skydns.SkyDnsKeys;
import dev.wayfinder.provider.etcd.EtcdConnection;
import dev.wayfinder.provider.etcd.testing.EtcdServerExtension;
import dev.wayfinder.server.answer.AddressPolicy;
import dev.wayfinder.server.answer.Fixtures;
import dev.wayfinder.server.answer.LeaseTtl;
import dev.wayfinder.server.answer.Upstream;
import dev.wayfinder.server.cli.DnsRuntime;
import dev.wayfinder.server.snapshot.LeaseTable;
import dev.wayfinder.server.snapshot.SnapshotStore;
import dev.wayfinder.server.transport.DnsServer;
import dev.wayfinder.server.xfr.Notifier;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.PutOption;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** §5.3 against a real etcd: keys attached to leases answer with the lease's remaining TTL, learnt without a per-query RPC. */
class LeaseTtlEtcdTest {

    @RegisterExtension
    static final EtcdServerExtension ETCD = new EtcdServerExtension();

    private static Client client;
    private static LeaseTable leases;
    private static DnsRuntime dns;
    private static EtcdSnapshotFeed feed;

    @BeforeAll
    static void start() throws Exception {
        SnapshotStore store = new SnapshotStore(Clock.systemUTC());
        leases = new LeaseTable();
        LeaseTtl leaseTtl = LeaseTtl.defaults(leases);
        dns = DnsRuntime.start(new DnsRuntime.Config(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Fixtures.ZONES,
                SkyDnsKeys.defaults(), Upstream.NONE, AddressPolicy.NONE, new DnsServer.Settings(1, 1, 4, 2_000)),
                store, new SimpleMeterRegistry(), Clock.systemUTC(), Notifier.Timing.defaults(), leaseTtl);
        client = EtcdConnection.of(ETCD.endpoints()).connect();
        feed = new EtcdSnapshotFeed(client, "/skydns/", store, Duration.ofSeconds(2), leases, Duration.ofMillis(300), Clock.systemUTC());
        feed.start(Duration.ofMillis(200));
        await().atMost(Duration.ofSeconds(10)).until(store::isLoaded);
    }

    @AfterAll
    static void stop() {
        feed.close();
        dns.close();
        client.close();
    }

    @Test
    void aLeasedKeyWithoutTtlAnswersWithTheLeasesRemainingTtl() throws Exception {
        long lease = ETCD.client().getLeaseClient().grant(120).get().getID();
        put("/skydns/test/skydns/leased/a", "{\"host\":\"10.60.0.1\"}", lease);

        long ttl = await().atMost(Duration.ofSeconds(5)).until(() -> ttlOf("leased.skydns.test"), t -> t != null);

        assertThat(ttl).isPositive().isLessThanOrEqualTo(120).isGreaterThan(100);
    }

    @Test
    void theSmallerOfTtlAndLeaseWins() throws Exception {
        long lease = ETCD.client().getLeaseClient().grant(120).get().getID();
        put("/skydns/test/skydns/both/a", "{\"host\":\"10.60.0.2\",\"ttl\":60}", lease);

        long ttl = await().atMost(Duration.ofSeconds(5)).until(() -> ttlOf("both.skydns.test"), t -> t != null);

        assertThat(ttl).isEqualTo(60);
    }

    @Test
    void aShortLeaseIsClampedToMinLeaseTtl() throws Exception {
        long lease = ETCD.client().getLeaseClient().grant(10).get().getID();
        put("/skydns/test/skydns/short/a", "{\"host\":\"10.60.0.3\"}", lease);

        long ttl = await().atMost(Duration.ofSeconds(5)).until(() -> ttlOf("short.skydns.test"), t -> t != null);

        assertThat(ttl).isEqualTo(LeaseTtl.DEFAULT_MIN);
    }

    @Test
    void aRevokedLeaseTakesItsKeysAndIsForgotten() throws Exception {
        long lease = ETCD.client().getLeaseClient().grant(300).get().getID();
        put("/skydns/test/skydns/revoked/a", "{\"host\":\"10.60.0.4\"}", lease);
        await().atMost(Duration.ofSeconds(5)).until(() -> ttlOf("revoked.skydns.test"), t -> t != null);
        assertThat(leases.knows(lease)).isTrue();

        ETCD.client().getLeaseClient().revoke(lease).get();

        await().atMost(Duration.ofSeconds(5)).until(() -> ask("revoked.skydns.test").getRcode() == Rcode.NXDOMAIN);
        await().atMost(Duration.ofSeconds(5)).until(() -> !leases.knows(lease));
    }

    private static void put(String key, String json, long lease) throws Exception {
        ETCD.client().getKVClient().put(ByteSequence.from(key, StandardCharsets.UTF_8), ByteSequence.from(json, StandardCharsets.UTF_8),
                PutOption.builder().withLeaseId(lease).build()).get();
    }

    private static Message ask(String name) throws Exception {
        SimpleResolver r = new SimpleResolver(dns.address());
        r.setTimeout(Duration.ofSeconds(2));
        return r.send(Fixtures.query(name, Type.A));
    }

    /** The TTL of the first A record answered for {@code name}, or null while there is none. */
    private static Long ttlOf(String name) throws Exception {
        for (Record rr : ask(name).getSection(Section.ANSWER)) {
            if (rr.getType() == Type.A) {
                return rr.getTTL();
            }
        }
        return null;
    }
}
