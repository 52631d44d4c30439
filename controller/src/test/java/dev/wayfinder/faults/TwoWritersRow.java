package dev.wayfinder.faults;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * Row: a second controller with the same owner id starts while {@code racing} Services are being created
 * (each controller sees them and would create their names). What must hold: the second writer is detected
 * within seconds (it stands by, says so in {@code /readyz} and {@code wayfinder_controller_standing_by}; the
 * first reports two writers), the verdicts hold without flapping, no Warning Event lands on any Service,
 * and etcd holds exactly the desired names. Then the first stops: the second takes over and publishes.
 */
public final class TwoWritersRow {

    private static final String STANDING_BY = "wayfinder_controller_standing_by{provider=\"etcd\"}";
    private static final String WRITERS = "wayfinder_controller_writers{provider=\"etcd\"}";

    /**
     * @param detectedAfter from the second's registration in etcd to it standing by (and the first counting two writers), as /metrics shows it
     * @param warnings      Warning Events on Services during the row (none may be)
     * @param takeoverAfter from the first's stop to the second writing
     */
    public record Result(int racing, Duration detectedAfter, Duration heldFor, long warnings, String readyz, Duration takeoverAfter,
                         Published.Difference after) {
        public String figure() {
            return ("second writer detected %.2f s after it registered, both verdicts steady for %d s, %d Warning Events with %d racing creates;"
                    + " took over %.2f s after the first stopped; %d lost, %d ghosts").formatted(detectedAfter.toMillis() / 1000.0, heldFor.toSeconds(),
                    warnings, racing, takeoverAfter.toMillis() / 1000.0, after.lost(), after.ghosts());
        }
    }

    private TwoWritersRow() {
    }

    /**
     * {@code first} runs already; {@code startSecond} starts the other with the same owner id. Services
     * {@code base} … {@code base+racing-1} are created as it starts.
     */
    public static Result run(Rig rig, ControllerUnderTest first, Callable<ControllerUnderTest> startSecond, int base, int racing, Duration hold,
                             Duration limit) throws Exception {
        rig.awaitCurrent(limit);
        long warningsBefore = warnings(rig);
        CompletableFuture<Void> creates = CompletableFuture.runAsync(() -> rig.fleet.create(base, base + racing));
        CompletableFuture<ControllerUnderTest> starting = CompletableFuture.supplyAsync(() -> {
            try {
                return startSecond.call();
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        // From the moment its registration is in etcd (a JVM's start says nothing about detection).
        await("the second writer registered").atMost(limit).pollInterval(Duration.ofMillis(10)).ignoreExceptions()
                .until(() -> writerKeys(rig) == 2);
        long registered = System.nanoTime();
        try (ControllerUnderTest second = starting.join()) {
            await("the second writer standing by").atMost(limit).pollInterval(Duration.ofMillis(20)).ignoreExceptions()
                    .until(() -> second.metric(STANDING_BY) == 1 && first.metric(WRITERS) == 2);
            Duration detected = Duration.ofNanos(System.nanoTime() - registered);
            creates.join();
            await("both verdicts steady").during(hold).atMost(hold.plusSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> second.metric(STANDING_BY) == 1 && first.metric(STANDING_BY) == 0 && first.metric(WRITERS) == 2);
            rig.awaitCurrent(limit);
            String readyz = second.readyz().body();
            first.kill();
            long stopped = System.nanoTime();
            await("the second writer taking over").atMost(limit).pollInterval(Duration.ofMillis(20)).ignoreExceptions()
                    .until(() -> second.metric(STANDING_BY) == 0);
            Duration takeover = Duration.ofNanos(System.nanoTime() - stopped);
            rig.fleet.retarget(base, 5);
            rig.awaitCurrent(limit);
            return new Result(racing, detected, hold, warnings(rig) - warningsBefore, readyz, takeover, rig.difference());
        }
    }

    /** Writer keys under the rig's owner id in etcd. */
    private static long writerKeys(Rig rig) throws Exception {
        return rig.etcd.client().getKVClient().get(EtcdKeys.bytes("/wayfinder-writers/" + Rig.OWNER + "/"),
                io.etcd.jetcd.options.GetOption.builder().isPrefix(true).withCountOnly(true).build()).get(5, java.util.concurrent.TimeUnit.SECONDS).getCount();
    }

    /** Warning Events on Services, in every namespace. */
    static long warnings(Rig rig) {
        return rig.api.client().v1().events().inAnyNamespace().list().getItems().stream()
                .filter(e -> "Warning".equals(e.getType()) && e.getInvolvedObject() != null && "Service".equals(e.getInvolvedObject().getKind()))
                .map(Event::getMessage).count();
    }
}
