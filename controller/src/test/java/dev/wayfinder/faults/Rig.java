package dev.wayfinder.faults;

import dev.wayfinder.provider.etcd.testing.EtcdProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * The parts every controller fault row stands on: a real etcd (killed, restarted, restored at will),
 * the CRUD mock API, a fleet of annotated Services in zone {@code faults.test}, and the reader of what
 * etcd holds for the owner id {@code faults}.
 */
public final class Rig implements AutoCloseable {

    public static final String ZONE = "faults.test";
    public static final String OWNER = "faults";

    public final EtcdProcess etcd;
    public final MockApi api;
    public final Fleet fleet;
    public final Published published;

    private Rig(EtcdProcess etcd, MockApi api) {
        this.etcd = etcd;
        this.api = api;
        this.fleet = new Fleet(api.client(), ZONE);
        this.published = new Published(() -> etcd.clientBuilder(true).waitForReady(false).retryMaxAttempts(0).build(), ZONE, OWNER);
    }

    public static Rig start() {
        EtcdProcess etcd = EtcdProcess.start();
        try {
            return new Rig(etcd, MockApi.start());
        } catch (RuntimeException e) {
            etcd.close();
            throw e;
        }
    }

    /** The controller's arguments for this rig: Services, etcd, the zone, the owner id; then {@code extra}. */
    public List<String> args(String... extra) {
        List<String> args = new ArrayList<>(List.of("--source=service", "--provider=coredns", "--domain-filter=" + ZONE,
                "--txt-owner-id=" + OWNER, "--max-delete-share=1"));
        args.addAll(List.of(extra));
        return args;
    }

    public Map<String, String> env() {
        return Map.of("ETCD_URLS", etcd.clientUrl());
    }

    /** What is published differs from what the fleet asks: counted (read again for up to 10 s while etcd does not answer). */
    public Published.Difference difference() {
        Published.Difference[] d = new Published.Difference[1];
        Awaitility.await("a read of etcd").atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                .ignoreExceptions().untilAsserted(() -> d[0] = Published.Difference.between(fleet.desired(), published.read()));
        return d[0];
    }

    /**
     * Waits until etcd holds exactly what the fleet asks (read every 20 ms), and says how long that took.
     *
     * @throws org.awaitility.core.ConditionTimeoutException naming the last difference when {@code limit} passes first
     */
    public Duration awaitCurrent(Duration limit) {
        long start = System.nanoTime();
        Awaitility.await("etcd holding exactly the " + fleet.size() + " desired names").atMost(limit).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(20)).ignoreExceptions().untilAsserted(() -> {
                    Published.Difference d = Published.Difference.between(fleet.desired(), published.read());
                    if (!d.none()) {
                        throw new AssertionError(d.toString());
                    }
                });
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Override
    public void close() {
        published.close();
        api.close();
        etcd.close();
    }
}
