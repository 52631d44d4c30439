package dev.wayfinder.gslb.health;

import dev.wayfinder.gslb.api.ProbeSpec;
import java.util.List;

/**
 * The active probe's latest verdicts: the seam between probing (network I/O, on its own schedule)
 * and the Gslb source (pure decisions). Implementations call the change callback they were built
 * with whenever a target's verdict flips.
 */
public interface TargetProbe extends AutoCloseable {

    /** No probing: every target passes. */
    TargetProbe NONE = new TargetProbe() {
        @Override
        public List<String> passing(ProbeSpec probe, List<String> targets) {
            return targets;
        }

        @Override
        public void close() {
        }
    };

    /**
     * The targets that pass {@code probe}. A target not probed yet passes (and is probed from now on);
     * probing of a (probe, target) pair stops when it has not been asked about for a while.
     */
    List<String> passing(ProbeSpec probe, List<String> targets);

    @Override
    void close();
}
