package dev.wayfinder.registry;

import dev.wayfinder.model.Changes;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Update;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import java.util.Optional;

/**
 * Refuses a plan that deletes more than {@code maxShare} of the records this controller owns in
 * one pass — the signature of a broken source (an empty informer cache, a wrong filter) rather than
 * of real deletions. Deleting up to {@code floor} record sets is always allowed, so a small
 * installation can still remove its last Service. Only losses count: a record set deleted while its name or its source
 * object keeps records (a GSLB answer moving from one cluster's set to another's, a Gslb's {@code localtargets-} record
 * withdrawn while the Gslb still answers) is a change the source asked for, not a source gone blind; a failover that moves
 * many names at once is what the GSLB is for.
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

    /** Why {@code changes} must not be applied, or empty when it may; every deletion counts as a loss. */
    public Optional<String> refusal(Changes changes, int ownedRecordSets) {
        return refusal(changes.delete().size(), ownedRecordSets);
    }

    /** Why {@code changes} must not be applied to the {@code owned} record sets, or empty when it may; only losses count. */
    public Optional<String> refusal(Changes changes, Collection<Endpoint> owned) {
        Set<Endpoint> deleted = new HashSet<>(changes.delete());
        Set<DnsName> names = new HashSet<>();
        Set<String> resources = new HashSet<>();
        Stream.concat(Stream.concat(changes.create().stream(), changes.update().stream().map(Update::after)),
                owned.stream().filter(e -> !deleted.contains(e) && changes.update().stream().noneMatch(u -> u.before().equals(e))))
                .forEach(e -> {
                    names.add(e.name());
                    if (!e.metadata().resource().isEmpty()) {
                        resources.add(e.metadata().resource());
                    }
                });
        int losses = (int) changes.delete().stream()
                .filter(e -> !names.contains(e.name()) && !resources.contains(e.metadata().resource())).count();
        return refusal(losses, owned.size());
    }

    private Optional<String> refusal(int deletes, int ownedRecordSets) {
        if (disabled || deletes <= floor || deletes <= maxShare * ownedRecordSets) {
            return Optional.empty();
        }
        return Optional.of(String.format(
                "refusing to delete %d of %d owned record sets at once (more than %.0f%%); check the sources and filters,"
                        + " or raise --max-delete-share / pass --force-deletes", deletes, ownedRecordSets, maxShare * 100));
    }
}
