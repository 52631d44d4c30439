package dev.wayfinder.provider.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.provider.etcd.testing.EtcdServerExtension;
import dev.wayfinder.provider.writers.Writer;
import dev.wayfinder.provider.writers.WriterVerdict.Standing;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.options.GetOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EtcdWriterPresenceTest {

    @RegisterExtension
    static final EtcdServerExtension ETCD = new EtcdServerExtension();

    @Test
    void theSecondWriterWithAnOwnerIdStandsByUntilTheFirstIsGoneAndNeitherFlaps() throws Exception {
        AtomicInteger firstChanges = new AtomicInteger();
        AtomicInteger secondChanges = new AtomicInteger();
        try (EtcdSession session = EtcdSession.of(ETCD.client(), "/skydns/");
             EtcdWriterPresence second = presence(session, "b")) {
            EtcdWriterPresence first = presence(session, "a");
            try {
                first.start(firstChanges::incrementAndGet);
                await().atMost(Duration.ofSeconds(5)).until(() -> first.verdict().standing() == Standing.ALONE);
                second.start(secondChanges::incrementAndGet);
                long started = System.nanoTime();

                await().atMost(Duration.ofSeconds(5)).until(() -> second.verdict().standing() == Standing.STANDING_BY
                        && first.verdict().standing() == Standing.FIRST);
                Duration detected = Duration.ofNanos(System.nanoTime() - started);

                assertThat(detected).as("both know within two rounds").isLessThan(Duration.ofSeconds(3));
                assertThat(second.verdict().others()).extracting(Writer::instance).containsExactly("a");
                assertThat(second.verdict().describe("wf")).contains("instance a on host host-a").contains("writes nothing");
                assertThat(first.verdict().writers()).isEqualTo(2);
                // Several more rounds: the verdicts stay put.
                int before = firstChanges.get() + secondChanges.get();
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4))
                        .until(() -> second.verdict().standing() == Standing.STANDING_BY && first.verdict().standing() == Standing.FIRST);
                assertThat(firstChanges.get() + secondChanges.get()).as("no flapping").isEqualTo(before);
            } finally {
                first.close();
            }
            long closed = System.nanoTime();
            await().atMost(Duration.ofSeconds(5)).until(() -> second.verdict().standing() == Standing.ALONE);
            assertThat(Duration.ofNanos(System.nanoTime() - closed)).as("a clean stop revokes the lease").isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void theKeyIsWrittenAgainWhenEtcdLosesIt() throws Exception {
        try (EtcdSession session = EtcdSession.of(ETCD.client(), "/skydns/");
             EtcdWriterPresence presence = presence(session, "c")) {
            presence.start(() -> { });
            await().atMost(Duration.ofSeconds(5)).until(() -> presence.verdict().standing() == Standing.ALONE);
            ByteSequence key = ByteSequence.from(EtcdWriterPresence.key("wf-other", "c"), StandardCharsets.UTF_8);

            ETCD.client().getKVClient().delete(key).get(5, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(5)).until(() ->
                    ETCD.client().getKVClient().get(key, GetOption.DEFAULT).get(5, TimeUnit.SECONDS).getCount() == 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> presence.verdict().standing() == Standing.ALONE);
        }
    }

    /** As after a wipe (a new etcd on the same address): the lease is unknown to etcd, and the writer registers again. */
    @Test
    void aLeaseEtcdNoLongerKnowsIsReplaced() throws Exception {
        try (EtcdSession session = EtcdSession.of(ETCD.client(), "/skydns/");
             EtcdWriterPresence presence = presence(session, "d")) {
            presence.start(() -> { });
            await().atMost(Duration.ofSeconds(5)).until(() -> presence.verdict().standing() == Standing.ALONE);
            ByteSequence key = ByteSequence.from(EtcdWriterPresence.key("wf-other", "d"), StandardCharsets.UTF_8);
            long lease = ETCD.client().getKVClient().get(key, GetOption.DEFAULT).get(5, TimeUnit.SECONDS).getKvs().get(0).getLease();

            ETCD.client().getLeaseClient().revoke(lease).get(5, TimeUnit.SECONDS); // the key goes with it

            await().atMost(Duration.ofSeconds(5)).until(() -> {
                var kvs = ETCD.client().getKVClient().get(key, GetOption.DEFAULT).get(5, TimeUnit.SECONDS).getKvs();
                return kvs.size() == 1 && kvs.get(0).getLease() != lease;
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> presence.verdict().standing() == Standing.ALONE);
        }
    }

    @Test
    void registrationsReadBackAndBadOnesAreNamed() {
        Writer w = new Writer("pod-1/x", "node 3", 0, "/skydns/", List.of(DnsName.of("example.org")), "ns/lease",
                Instant.parse("2026-12-02T10:00:00Z"));

        assertThat(WriterJson.decode(WriterJson.encode(w))).isEqualTo(w);
        assertThat(EtcdWriterPresence.key("team a/b", "pod-1/x")).isEqualTo("/wayfinder-writers/team+a%2Fb/pod-1%2Fx");
        assertThatThrownBy(() -> WriterJson.decode("{\"host\":\"h\"}")).hasMessageContaining("no instance");
        assertThatThrownBy(() -> WriterJson.decode("[1]")).hasMessageContaining("not a JSON object");
    }

    private static EtcdWriterPresence presence(EtcdSession session, String instance) {
        String owner = instance.equals("c") || instance.equals("d") ? "wf-other" : "wf";
        Writer me = new Writer(instance, "host-" + instance, 0, "/skydns/", List.of(DnsName.of("example.org")), "", Instant.now());
        return new EtcdWriterPresence(session, owner, me, Duration.ofSeconds(4), Duration.ofMillis(500), java.time.Clock.systemUTC());
    }
}
