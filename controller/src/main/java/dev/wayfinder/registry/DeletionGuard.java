package dev.wayfinder.registry;

import dev.wayfinder.model.Changes;
import java.util.Optional;

/**
 * Refuses a plan that deletes more than {@code maxShare} of the records this controller owns in
 * one pass — the signature of a broken source (an empty informer cache, a wrong filter) rather than
 * of real deletions. Deleting up to {@code floor} record sets is always allowed, so a small
 * installation can still remove its last Service.
 */
public record DeletionGuard(double maxShare, int floor, boolean disabled) {

    public static final double DEFAULT_MAX_SHARE = 0.5;
    public static final int DEFAULT_FLOOR = 10;

    public DeletionGuard {
        if (!(maxShare >= 0 && maxShare <= 1)) {
            throw new IllegalArgumentException("the deletion share must be between 0 and 1, got " + maxShare);
        }
        if (floor < 0) {
            throw new IllegalArgumentException("the deletion floor must not be negative, got " + floor);
        }
    }

    public static DeletionGuard defaults() {
        return new DeletionGuard(DEFAULT_MAX_SHARE, DEFAULT_FLOOR, false);
    }

    /** Why {@code changes} must not be applied, or empty when it may. */
    public Optional<String> refusal(Changes changes, int ownedRecordSets) {
        int deletes = changes.delete().size();
        if (disabled || deletes <= floor || deletes <= maxShare * ownedRecordSets) {
            return Optional.empty();
        }
        return Optional.of(String.format(
                "refusing to delete %d of %d owned record sets at once (more than %.0f%%); check the sources and filters,"
                        + " or raise --max-delete-share / pass --force-deletes", deletes, ownedRecordSets, maxShare * 100));
    }
}
