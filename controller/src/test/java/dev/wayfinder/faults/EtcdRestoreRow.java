package dev.wayfinder.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Row: etcd wiped (a new, empty cluster on the same address) or reloaded from an older backup (its keys
 * and revisions as they were before the last {@code changes} changes: names since deleted are back,
 * names since created are missing, addresses since changed are old). What must hold: once etcd is back,
 * the controller reads it afresh and etcd holds exactly the desired names within 2 s, no ghost left.
 */
public final class EtcdRestoreRow {

    /** @param before what etcd held, after the wipe or restore, that differs from what is desired */
    public record Result(String kind, Published.Difference before, Duration toCurrent, Published.Difference after) {
        public String figure() {
            return "%s: %d names missing or stale and %d ghosts after it; current %.2f s after etcd's return; %d lost, %d ghosts"
                    .formatted(kind, before.lost(), before.ghosts(), toCurrent.toMillis() / 1000.0, after.lost(), after.ghosts());
        }
    }

    private EtcdRestoreRow() {
    }

    /** Reloaded from a backup taken before {@code changes} deletions, creations (from index {@code base}) and address changes. */
    public static Result reloaded(Rig rig, int changes, int base, Duration limit) throws Exception {
        rig.awaitCurrent(limit);
        Path backup = rig.etcd.backup();
        rig.awaitCurrent(limit);
        for (int i = 0; i < changes; i++) {
            rig.fleet.retarget(i, 7);
            rig.fleet.create(base + i, Fleet.address(base + i, 0));
            rig.fleet.delete(base - 1 - i);
        }
        rig.awaitCurrent(limit);
        return restore(rig, "reloaded from an older backup", Optional.of(backup), limit);
    }

    /** Wiped: etcd starts again with no data at all. */
    public static Result wiped(Rig rig, Duration limit) throws Exception {
        rig.awaitCurrent(limit);
        return restore(rig, "wiped", Optional.empty(), limit);
    }

    private static Result restore(Rig rig, String kind, Optional<Path> backup, Duration limit) throws Exception {
        rig.etcd.restore(backup);
        Published.Difference before = rig.difference();
        Duration toCurrent = rig.awaitCurrent(limit);
        return new Result(kind, before, toCurrent, rig.difference());
    }
}
