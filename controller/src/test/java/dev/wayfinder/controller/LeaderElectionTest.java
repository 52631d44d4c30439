package dev.wayfinder.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wayfinder.config.ControllerConfig;
import dev.wayfinder.testing.CrudMockApi;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Two replicas, one Lease: one writer at a time, and the standby takes over when the leader goes. */
@CrudMockApi
class LeaderElectionTest {

    static KubernetesClient client;

    @Test
    void oneLeaderThenFailover() {
        ControllerConfig.LeaderElection lease = new ControllerConfig.LeaderElection(true, "default", "wayfinder");
        AtomicInteger leading = new AtomicInteger();
        AtomicInteger aLed = new AtomicInteger();
        AtomicInteger bLed = new AtomicInteger();
        Duration d = Duration.ofMillis(1500);
        Duration renew = Duration.ofMillis(1000);
        Duration retry = Duration.ofMillis(200);
        CompletableFuture<?> a = LeaderElection.run(client, lease, "replica-a", d, renew, retry,
                () -> { leading.incrementAndGet(); aLed.incrementAndGet(); }, leading::decrementAndGet);
        await().atMost(Duration.ofSeconds(10)).until(() -> aLed.get() == 1);
        CompletableFuture<?> b = LeaderElection.run(client, lease, "replica-b", d, renew, retry,
                () -> { leading.incrementAndGet(); bLed.incrementAndGet(); }, leading::decrementAndGet);
        // b stays a standby while a renews.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> bLed.get() == 0 && leading.get() == 1);
        a.cancel(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> bLed.get() == 1);
        assertThat(client.leases().inNamespace("default").withName("wayfinder").get().getSpec().getHolderIdentity()).isEqualTo("replica-b");
        b.cancel(true);
    }
}
