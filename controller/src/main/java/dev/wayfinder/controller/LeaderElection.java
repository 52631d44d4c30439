package dev.wayfinder.controller;

import dev.wayfinder.config.ControllerConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election on a Kubernetes Lease: replicas wait as hot standbys; the holder runs the
 * controller. Losing the Lease stops this replica (the process exits and restarts as a standby),
 * so two replicas never write at once.
 */
public final class LeaderElection {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);

    private LeaderElection() {
    }

    public static CompletableFuture<?> run(KubernetesClient client, ControllerConfig.LeaderElection settings, Runnable onLeading,
                                           Runnable onLost) {
        return run(client, settings, identity(), onLeading, onLost);
    }

    /** As this replica {@code identity} (the instance it registers as a writer with, too). */
    public static CompletableFuture<?> run(KubernetesClient client, ControllerConfig.LeaderElection settings, String identity,
                                           Runnable onLeading, Runnable onLost) {
        return run(client, settings, identity, Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2), onLeading, onLost);
    }

    public static CompletableFuture<?> run(KubernetesClient client, ControllerConfig.LeaderElection settings, String identity,
                                           Duration leaseDuration, Duration renewDeadline, Duration retryPeriod,
                                           Runnable onLeading, Runnable onLost) {
        LOG.info("Waiting to lead: Lease {}/{} as {}", settings.namespace(), settings.leaseName(), identity);
        return client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName(settings.leaseName())
                .withLock(new LeaseLock(settings.namespace(), settings.leaseName(), identity))
                .withLeaseDuration(leaseDuration).withRenewDeadline(renewDeadline).withRetryPeriod(retryPeriod)
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(
                        () -> {
                            LOG.info("Leading as {}: starting the controller", identity);
                            onLeading.run();
                        },
                        () -> {
                            LOG.warn("Lost the Lease {}/{}: stopping", settings.namespace(), settings.leaseName());
                            onLost.run();
                        },
                        leader -> LOG.info("The leader is {}", leader)))
                .build()).build().start();
    }

    private static String identity() {
        try {
            return InetAddress.getLocalHost().getHostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
        } catch (UnknownHostException e) {
            return "wayfinder-" + UUID.randomUUID();
        }
    }
}
