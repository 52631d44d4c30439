package dev.wayfinder.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.provider.writers.Writer;
import dev.wayfinder.provider.writers.WriterVerdict.Standing;
import dev.wayfinder.testing.CrudMockApi;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Writers with one owner id on RFC 2136, seen through one Lease each (fabric8's CRUD mock as the API). */
@CrudMockApi
class LeaseWriterPresenceTest {

    static KubernetesClient client;

    @Test
    void theLaterWriterStandsByAndTakesOverWhenTheFirstStops() {
        LeaseWriterPresence first = presence("owner-1", "a");
        try (LeaseWriterPresence second = presence("owner-1", "b");
             LeaseWriterPresence otherOwner = presence("owner-2", "c")) {
            first.start(() -> { });
            await().atMost(Duration.ofSeconds(5)).until(() -> first.verdict().standing() == Standing.ALONE);
            second.start(() -> { });
            otherOwner.start(() -> { });

            await().atMost(Duration.ofSeconds(5)).until(() -> second.verdict().standing() == Standing.STANDING_BY
                    && first.verdict().standing() == Standing.FIRST);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> second.verdict().standing() == Standing.STANDING_BY
                    && otherOwner.verdict().standing() == Standing.ALONE);
            assertThat(second.verdict().others()).extracting(Writer::instance, Writer::host).containsExactly(org.assertj.core.groups.Tuple.tuple("a", "host-a"));

            first.close();

            await().atMost(Duration.ofSeconds(3)).until(() -> second.verdict().standing() == Standing.ALONE);
            assertThat(client.resources(Lease.class).inNamespace("default").withName(first.leaseName()).get()).as("deleted on close").isNull();
        } finally {
            first.close();
        }
    }

    @Test
    void aWriterThatDiedLongAgoIsNoRivalAndItsLeaseIsCleanedUp() {
        ZonedDateTime old = ZonedDateTime.ofInstant(Instant.now().minusSeconds(600), ZoneOffset.UTC);
        client.resources(Lease.class).inNamespace("default").resource(new LeaseBuilder().withNewMetadata().withName("wayfinder-writer-dead")
                .addToLabels(LeaseWriterPresence.OWNER_LABEL, LeaseWriterPresence.ownerLabel("owner-3")).endMetadata()
                .withNewSpec().withHolderIdentity("dead").withLeaseDurationSeconds(4).withAcquireTime(old).withRenewTime(old).endSpec()
                .build()).create();
        try (LeaseWriterPresence alive = presence("owner-3", "d")) {
            alive.start(() -> { });

            await().atMost(Duration.ofSeconds(5)).until(() -> alive.verdict().standing() == Standing.ALONE);
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    client.resources(Lease.class).inNamespace("default").withName("wayfinder-writer-dead").get() == null);
        }
    }

    private static LeaseWriterPresence presence(String owner, String instance) {
        Writer me = new Writer(instance, "host-" + instance, 0, "rfc2136 ns1.example.org:53 example.org", List.of(DnsName.of("example.org")),
                "", Instant.now());
        return new LeaseWriterPresence(client, "default", owner, me, Duration.ofSeconds(4), Duration.ofMillis(500), Clock.systemUTC());
    }
}
