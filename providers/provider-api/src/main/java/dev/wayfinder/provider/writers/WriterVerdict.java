package dev.wayfinder.provider.writers;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Whether this controller may write, given every writer registered with its owner id. Two writers
 * with one owner id take each other's records for their own: each deletes what the other publishes
 * when their caches disagree (issue 14: 100 names deleted and recreated every 2 minutes). So the
 * first to register writes and any later one stands by until it is gone; the order is fixed at
 * registration, so the verdict does not flap.
 *
 * @param standing what this controller does
 * @param others   the live rivals (same owner id, same area, overlapping domains, no election between them)
 */
public record WriterVerdict(Standing standing, List<Writer> others) {

    public enum Standing {
        /** Its own registration is not (or no longer) there: it writes nothing until it is. */
        UNREGISTERED,
        /** No rival. */
        ALONE,
        /** Rivals registered after it: it keeps writing, and says so. */
        FIRST,
        /** A rival registered before it: it writes nothing while that one lives. */
        STANDING_BY
    }

    public static final WriterVerdict ALONE = new WriterVerdict(Standing.ALONE, List.of());

    public WriterVerdict {
        Objects.requireNonNull(standing, "standing");
        others = List.copyOf(others);
    }

    public boolean mayWrite() {
        return standing == Standing.ALONE || standing == Standing.FIRST;
    }

    /** Live writers with this owner id, this one included once registered. */
    public int writers() {
        return others.size() + (standing == Standing.UNREGISTERED ? 0 : 1);
    }

    /**
     * Pure: the verdict for {@code me} among {@code registered} (every registration under the owner id,
     * {@code me}'s among them once it is registered). Ties in order go to the smaller instance name.
     */
    public static WriterVerdict decide(Writer me, List<Writer> registered) {
        Optional<Writer> mine = registered.stream().filter(w -> w.instance().equals(me.instance())).findFirst();
        Comparator<Writer> line = Comparator.comparingLong(Writer::order).thenComparing(Writer::instance);
        List<Writer> rivals = registered.stream().filter(me::rivals).sorted(line).toList();
        if (mine.isEmpty()) {
            return new WriterVerdict(Standing.UNREGISTERED, rivals);
        }
        if (rivals.isEmpty()) {
            return ALONE;
        }
        boolean first = line.compare(mine.get(), rivals.get(0)) < 0;
        return new WriterVerdict(first ? Standing.FIRST : Standing.STANDING_BY, rivals);
    }

    /** One line for /readyz, the log and an Event. */
    public String describe(String ownerId) {
        String rivals = others.stream().map(Writer::describe).collect(Collectors.joining("; "));
        return switch (standing) {
            case UNREGISTERED -> "not registered as a writer for owner id " + ownerId + " yet; writing nothing until it is";
            case ALONE -> "the only writer with owner id " + ownerId;
            case FIRST -> "another writer with owner id " + ownerId + " is live (" + rivals
                    + "); this one registered first and keeps writing, the other stands by";
            case STANDING_BY -> "another writer with owner id " + ownerId + " is live (" + rivals
                    + "); it registered first, so this one writes nothing until it is gone";
        };
    }
}
