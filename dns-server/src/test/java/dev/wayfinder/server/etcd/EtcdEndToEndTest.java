package dev.wayfinder.server.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wayfinder.model.skydns.SkyDnsKeys;
import dev.wayfinder.provider.etcd.EtcdConnection;
import dev.wayfinder.provider.etcd.testing.EtcdServerExtension;
import dev.wayfinder.server.answer.AddressPolicy;
import dev.wayfinder.server.answer.Answerer;
import dev.wayfinder.server.answer.Fixtures;
import dev.wayfinder.server.answer.Upstream;
import dev.wayfinder.server.cli.DnsRuntime;
import dev.wayfinder.server.snapshot.SnapshotStore;
import dev.wayfinder.server.snapshot.ZoneSnapshot;
import dev.wayfinder.server.transport.DnsServer;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.PutOption;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The whole server against a real etcd: initial load, live watch, atomic transactions, an etcd restart. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EtcdEndToEndTest {

    @RegisterExtension
    static final EtcdServerExtension ETCD = new EtcdServerExtension();

    private static Client client;
    private static SnapshotStore store;
    private static DnsRuntime dns;
    private static EtcdSnapshotFeed feed;
    private static final SimpleMeterRegistry METRICS = new SimpleMeterRegistry();

    @BeforeAll
    static void start() throws Exception {
        KV kv = ETCD.client().getKVClient();
        for (var e : Fixtures.data().entrySet()) {
            kv.put(bytes(e.getKey()), bytes(e.getValue())).get();
        }
        store = new SnapshotStore(Clock.systemUTC());
        dns = DnsRuntime.start(new DnsRuntime.Config(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Fixtures.ZONES,
                SkyDnsKeys.defaults(), Upstream.NONE, AddressPolicy.NONE, new DnsServer.Settings(2, 2, 8, 2_000)),
                store, METRICS, Fixtures.CLOCK);
        client = EtcdConnection.of(ETCD.endpoints()).connect();
        feed = new EtcdSnapshotFeed(client, "/skydns/", store, Duration.ofMillis(500));
        feed.start(Duration.ofMillis(200));
        await().atMost(Duration.ofSeconds(10)).until(store::isLoaded);
    }

    @AfterAll
    static void stop() {
        feed.close();
        dns.close();
        client.close();
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    private static Message ask(String name, int type) throws Exception {
        SimpleResolver r = new SimpleResolver(dns.address());
        r.setTimeout(Duration.ofSeconds(2));
        return r.send(Fixtures.query(name, type));
    }

    @Test
    @Order(1)
    void answersOverUdpExactlyAsThePureAnswererDoesOnTheSameData() throws Exception {
        Answerer reference = Fixtures.answerer(Upstream.NONE);
        ZoneSnapshot same = Fixtures.snapshot(Fixtures.data());
        List<Object[]> questions = List.of(
                new Object[] {"server1.prod.region1.skydns.test", Type.A}, new Object[] {"www.skydns.test", Type.A},
                new Object[] {"x.bad.skydns.test", Type.A}, new Object[] {"nothing.skydns.test", Type.A},
                new Object[] {"txt.skydns.test", Type.TXT}, new Object[] {"weights.skydns.test", Type.SRV},
                new Object[] {"mail.skydns.test", Type.MX}, new Object[] {"skydns.test", Type.NS},
                new Object[] {"skydns_zonea.test", Type.A}, new Object[] {"1.0.0.10.in-addr.arpa", Type.PTR},
                new Object[] {"alias.skydns.test", Type.CNAME}, new Object[] {"dom1.skydns.test", Type.A},
                new Object[] {"*.prod.region1.skydns.test", Type.A}, new Object[] {"c1.chain.skydns.test", Type.A});
        for (Object[] q : questions) {
            Message expected = reference.answer(same, Fixtures.query((String) q[0], (int) q[1]), null);
            Message actual = ask((String) q[0], (int) q[1]);

            assertThat(actual.getRcode()).as("rcode of %s", q[0]).isEqualTo(expected.getRcode());
            for (int section : new int[] {Section.ANSWER, Section.ADDITIONAL}) {
                List<String> want = Fixtures.lines(expected, section);
                assertThat(Fixtures.lines(actual, section).stream().filter(l -> !l.contains(" OPT ")).toList())
                        .as("section %d of %s", section, q[0]).isEqualTo(want);
            }
        }
    }

    @Test
    @Order(2)
    void aChangeInEtcdIsAnsweredPromptly() throws Exception {
        long start = System.nanoTime();
        ETCD.client().getKVClient().put(bytes("/skydns/test/skydns/fresh/a"), bytes("{\"host\":\"10.99.0.1\",\"ttl\":5}")).get();

        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(5))
                .until(() -> ask("fresh.skydns.test", Type.A).getRcode() == Rcode.NOERROR);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).as("put to answer, ms").isLessThan(1000);

        ETCD.client().getKVClient().delete(bytes("/skydns/test/skydns/fresh/a")).get();
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(5))
                .until(() -> ask("fresh.skydns.test", Type.A).getRcode() == Rcode.NXDOMAIN);
    }

    /**
     * Answers as fresh as etcd with answers prepared ahead: a name answered from a prepared reply, its address
     * changed in etcd, shows the new address and, once it has, never the old one again: the full path answers
     * while the name's replies are being renewed, then the renewed prepared reply.
     */
    @Test
    @Order(3)
    void aPreparedAnswerIsReplacedAsSoonAsEtcdChanges() throws Exception {
        KV kv = ETCD.client().getKVClient();
        String key = "/skydns/test/skydns/moving/a";
        kv.put(bytes(key), bytes("{\"host\":\"10.96.0.1\",\"ttl\":5}")).get();
        awaitServedPrepared(List.of("10.96.0.1"));

        long start = System.nanoTime();
        kv.put(bytes(key), bytes("{\"host\":\"10.96.0.2\",\"ttl\":5}")).get();
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(1))
                .until(() -> addresses(ask("moving.skydns.test", Type.A)).equals(List.of("10.96.0.2")));
        assertThat((System.nanoTime() - start) / 1_000_000).as("put to answer, ms").isLessThan(1000);
        for (int i = 0; i < 50; i++) {
            assertThat(addresses(ask("moving.skydns.test", Type.A))).as("ask %d after the change", i).containsExactly("10.96.0.2");
        }
        awaitServedPrepared(List.of("10.96.0.2"));

        kv.delete(bytes(key)).get();
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(5))
                .until(() -> ask("moving.skydns.test", Type.A).getRcode() == Rcode.NXDOMAIN);
    }

    /** Asks for moving.skydns.test until {@code wayfinder_dns_prepared_answers_total} counts an answer with {@code want}. */
    private static void awaitServedPrepared(List<String> want) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).ignoreExceptions().untilAsserted(() -> {
            double before = preparedServed();
            assertThat(addresses(ask("moving.skydns.test", Type.A))).isEqualTo(want);
            // counted after the reply is sent, by the answering thread: polled, not read at once
            await().atMost(Duration.ofMillis(200)).pollInterval(Duration.ofMillis(2)).until(() -> preparedServed() > before);
        });
    }

    private static List<String> addresses(Message m) {
        return m.getSection(Section.ANSWER).stream().filter(r -> r.getType() == Type.A).map(r -> r.rdataToString()).toList();
    }

    /** {@code wayfinder_dns_prepared_answers_total}. */
    private static double preparedServed() {
        return METRICS.get("wayfinder.dns.prepared.answers").functionCounter().count();
    }

    @Test
    @Order(4)
    void aTransactionIsNeverSeenHalfApplied() throws Exception {
        KV kv = ETCD.client().getKVClient();
        String a = "/skydns/test/skydns/swap/a";
        String b = "/skydns/test/skydns/swap/b";
        kv.put(bytes(a), bytes("{\"host\":\"10.98.0.1\"}")).get();
        await().until(() -> store.current().exact(a) != null);
        List<String> seen = new CopyOnWriteArrayList<>();
        store.onPublish(s -> seen.add((s.exact(a) != null ? "a" : "") + (s.exact(b) != null ? "b" : "")));

        for (int i = 0; i < 20; i++) {
            String from = i % 2 == 0 ? a : b;
            String to = i % 2 == 0 ? b : a;
            kv.txn().Then(Op.delete(bytes(from), DeleteOption.DEFAULT),
                    Op.put(bytes(to), bytes("{\"host\":\"10.98.0." + i + "\"}"), PutOption.DEFAULT)).commit().get();
        }
        await().until(() -> store.current().exact(a) != null);

        assertThat(seen).isNotEmpty().allMatch(s -> s.equals("a") || s.equals("b"), "exactly one of the two keys");
    }

    @Test
    @Order(5)
    void keepsServingTheLastSnapshotWhileEtcdIsDownAndCatchesUpAfter() throws Exception {
        ETCD.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> !store.isInSync());

        Message whileDown = ask("a.server1.prod.region1.skydns.test", Type.A);
        assertThat(whileDown.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(Fixtures.lines(whileDown, Section.ANSWER)).containsExactly("a.server1.prod.region1.skydns.test. 300 A 10.0.0.1");
        await().atMost(Duration.ofSeconds(5)).until(() -> store.staleness().toMillis() > 0);

        ETCD.restart();
        ETCD.client().getKVClient().put(bytes("/skydns/test/skydns/after/a"), bytes("{\"host\":\"10.97.0.1\"}")).get();

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20))
                .until(() -> ask("after.skydns.test", Type.A).getRcode() == Rcode.NOERROR);
        await().atMost(Duration.ofSeconds(5)).until(store::isInSync);
        assertThat(store.staleness()).isZero();
    }
}
