package dev.wayfinder.faults;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.CompactOption;
import io.etcd.jetcd.options.GetOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Row: etcd compacted to its current revision over and over (every {@code every}) for {@code storm}, while
 * one Service after another changes its address. A compaction that overtakes a read answers
 * "required revision has been compacted"; the controller must read again rather than lose or keep
 * anything. What must hold: etcd holds exactly the desired names once the storm ends, promptly.
 */
public final class CompactionStormRow {

    public record Result(Duration storm, long compactions, int changes, double failedPasses, Duration toCurrent, Published.Difference after) {
        public String figure() {
            return "%d compactions in %d s while %d Services changed: %d failed passes; current %.2f s after the storm; %d lost, %d ghosts"
                    .formatted(compactions, storm.toSeconds(), changes, (long) failedPasses, toCurrent.toMillis() / 1000.0, after.lost(),
                            after.ghosts());
        }
    }

    private CompactionStormRow() {
    }

    public static Result run(Rig rig, ControllerUnderTest controller, Duration storm, Duration every, Duration limit) throws Exception {
        rig.awaitCurrent(limit);
        double errorsBefore = controller.metric("wayfinder_controller_reconcile_errors_total");
        AtomicLong compactions = new AtomicLong();
        Client etcd = rig.etcd.client();
        ScheduledExecutorService compactor = Executors.newSingleThreadScheduledExecutor();
        compactor.scheduleWithFixedDelay(() -> {
            try {
                long revision = etcd.getKVClient().get(EtcdKeys.bytes("/"), GetOption.builder().withCountOnly(true).build())
                        .get(5, TimeUnit.SECONDS).getHeader().getRevision();
                etcd.getKVClient().compact(revision, CompactOption.DEFAULT).get(5, TimeUnit.SECONDS);
                compactions.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                // Two compactions racing ("compacted") is expected; the storm goes on.
            }
        }, 0, every.toNanos(), TimeUnit.NANOSECONDS);
        long start = System.nanoTime();
        int changes = 0;
        try {
            List<Integer> indices = rig.fleet.indices();
            while (System.nanoTime() - start < storm.toNanos()) {
                rig.fleet.retarget(indices.get(ThreadLocalRandom.current().nextInt(indices.size())), 1 + changes % 200);
                changes++;
            }
        } finally {
            compactor.shutdownNow();
            compactor.awaitTermination(10, TimeUnit.SECONDS);
        }
        Duration toCurrent = rig.awaitCurrent(limit);
        return new Result(storm, compactions.get(), changes, controller.metric("wayfinder_controller_reconcile_errors_total") - errorsBefore,
                toCurrent, rig.difference());
    }
}
