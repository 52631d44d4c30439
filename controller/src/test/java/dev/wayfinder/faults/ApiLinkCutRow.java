package dev.wayfinder.faults;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

/**
 * Row: the link between the controller and the Kubernetes API is cut (every connection closed, new ones
 * refused) for {@code cut}; meanwhile Services are deleted, created and changed; then the link is back.
 * The informers resume their watches from the resourceVersion they last saw, and an API that does not
 * replay what happened meanwhile (fabric8's CRUD mock; a real API server replays or answers 410) never
 * tells them about the deletions. What must hold: the re-list ({@code --relist-interval}) corrects every
 * missed deletion within one interval of the link's return, and says what it found in
 * {@code wayfinder_controller_relist_missed_total}.
 */
public final class ApiLinkCutRow {

    private static final String MISSED_DELETIONS = "wayfinder_controller_relist_missed_total{change=\"deleted\"}";

    /**
     * @param missedDeletions what the re-lists found deleted behind the watches' backs
     * @param toCurrent       from the link's return to etcd holding exactly the desired names
     */
    public record Result(Duration cut, int deleted, Duration relistInterval, double missedDeletions, Duration toCurrent,
                         Published.Difference after) {
        public String figure() {
            return ("link cut %d s while %d Services were deleted (and as many created and changed): the re-list found %d deletions the watch"
                    + " missed; current %.2f s after the link's return (--relist-interval %d s); %d lost, %d ghosts")
                    .formatted(cut.toSeconds(), deleted, (long) missedDeletions, toCurrent.toMillis() / 1000.0, relistInterval.toSeconds(),
                            after.lost(), after.ghosts());
        }
    }

    private ApiLinkCutRow() {
    }

    /** {@code controller} reaches the API through {@code link}; Services {@code base-changes} … {@code base-1} are deleted. */
    public static Result run(Rig rig, TcpLink link, ControllerUnderTest controller, Duration cut, int changes, int base, Duration relist,
                             Duration limit) throws Exception {
        rig.awaitCurrent(limit);
        double missedBefore = zeroIfAbsent(controller.metric(MISSED_DELETIONS));
        List<String> gone = new java.util.ArrayList<>();
        link.cut();
        long cutAt = System.nanoTime();
        for (int i = 0; i < changes; i++) {
            rig.fleet.delete(base - 1 - i);
            gone.add("svc-" + (base - 1 - i) + "." + Rig.ZONE);
            rig.fleet.create(base + i, Fleet.address(base + i, 0));
            rig.fleet.retarget(i, 9);
        }
        Duration left = cut.minus(Duration.ofNanos(System.nanoTime() - cutAt));
        if (!left.isNegative() && !left.isZero()) {
            // While cut, the controller cannot know: the deleted names stay published.
            await("the deleted names still published while the link is cut").during(left).atMost(left.plusSeconds(5))
                    .pollInterval(Duration.ofMillis(250)).until(() -> rig.published.read().keySet().containsAll(gone));
        }
        link.restore();
        Duration toCurrent = rig.awaitCurrent(relist.plus(limit));
        await("the re-list's count").atMost(Duration.ofSeconds(5)).ignoreExceptions()
                .until(() -> zeroIfAbsent(controller.metric(MISSED_DELETIONS)) > missedBefore);
        return new Result(Duration.ofNanos(System.nanoTime() - cutAt).minus(toCurrent), changes, relist,
                controller.metric(MISSED_DELETIONS) - missedBefore, toCurrent, rig.difference());
    }

    private static double zeroIfAbsent(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}
