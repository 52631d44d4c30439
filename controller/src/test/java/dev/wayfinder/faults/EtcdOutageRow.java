package dev.wayfinder.faults;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Row: etcd killed (SIGKILL, data kept) for {@code outage}, then restarted, while the Services change.
 * Right after the kill, {@code changes} Services get a new address, as many new ones are created and as
 * many deleted, so the controller has work to do against a dead etcd. What must hold: the failing passes
 * show in {@code wayfinder_controller_reconcile_errors_total} and {@code /readyz} within seconds, and
 * {@code /readyz} stays failing throughout; after etcd's return (healthy again) etcd holds exactly the
 * desired names within 2 s, whatever the outage's length.
 */
public final class EtcdOutageRow {

    /**
     * @param outage          how long etcd was down
     * @param errorsAfter     from the kill to the first failed pass counted in the metric
     * @param notReadyAfter   from the kill to {@code /readyz} failing
     * @param toCurrent       from etcd healthy again to etcd holding exactly the desired names
     * @param failedPasses    failed passes counted during the outage
     */
    public record Result(Duration outage, Duration errorsAfter, Duration notReadyAfter, Duration toCurrent, double failedPasses,
                         Published.Difference after) {
        public String figure() {
            return "outage %d s: errors metric after %.2f s, /readyz failing after %.2f s, %d failed passes; current %.2f s after etcd's return; %d lost, %d ghosts"
                    .formatted(outage.toSeconds(), errorsAfter.toMillis() / 1000.0, notReadyAfter.toMillis() / 1000.0, (long) failedPasses,
                            toCurrent.toMillis() / 1000.0, after.lost(), after.ghosts());
        }
    }

    private EtcdOutageRow() {
    }

    /** {@code base} is the index of the first Service this run may create (so several runs share a fleet). */
    public static Result run(Rig rig, ControllerUnderTest controller, Duration outage, int changes, int base, Duration limit) throws Exception {
        rig.awaitCurrent(limit);
        double errorsBefore = controller.metric("wayfinder_controller_reconcile_errors_total");
        rig.etcd.stop();
        long killed = System.nanoTime();
        int generation = 1 + base % 250; // an octet of the new addresses
        // Made while the row watches the metrics: the first change's pass is the one that must fail at once.
        CompletableFuture<Void> changed = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < changes; i++) {
                rig.fleet.retarget(i, generation);
                rig.fleet.create(base + i, Fleet.address(base + i, 0));
                rig.fleet.delete(base - 1 - i);
            }
        });
        await("reconcile errors counted").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> controller.metric("wayfinder_controller_reconcile_errors_total") > errorsBefore);
        Duration errorsAfter = Duration.ofNanos(System.nanoTime() - killed);
        await("/readyz failing").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> controller.readyz().statusCode() != 200);
        Duration notReadyAfter = Duration.ofNanos(System.nanoTime() - killed);
        Duration left = outage.minus(Duration.ofNanos(System.nanoTime() - killed));
        if (!left.isNegative() && !left.isZero()) {
            await("/readyz failing throughout the outage").during(left).atMost(left.plusSeconds(5)).pollInterval(Duration.ofMillis(250))
                    .until(() -> controller.readyz().statusCode() != 200);
        }
        changed.join();
        double failed = controller.metric("wayfinder_controller_reconcile_errors_total") - errorsBefore;
        rig.etcd.restart();
        Duration toCurrent = rig.awaitCurrent(limit);
        return new Result(Duration.ofNanos(System.nanoTime() - killed).minus(toCurrent), errorsAfter, notReadyAfter, toCurrent, failed,
                rig.difference());
    }
}
