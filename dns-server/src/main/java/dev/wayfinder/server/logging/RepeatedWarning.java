package dev.wayfinder.server.logging;

import java.time.Duration;
import java.util.Optional;

/**
 * Which occurrences of one recurring warning get logged, so an outage of minutes gives a few lines
 * instead of one every few seconds: the first occurrence of an episode is logged as it is; the
 * others are counted, and once {@code interval} has passed since the last line logged the next one
 * is logged with the count, "etcd unreachable (repeated 37 times in 150 s)"; when the condition
 * ends, {@link #ended} gives the same summary. Pure apart from its own state: times are passed in
 * (nanoseconds from one clock). Thread-safe.
 */
public final class RepeatedWarning {

    private final long intervalNanos;
    private boolean open;
    private long episodeStart;
    private long lastLogged;
    private long occurrences;
    private long unlogged;

    public RepeatedWarning(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    /** An occurrence of the warning at {@code now}: the line to log, or empty when it is only counted. */
    public synchronized Optional<String> occurred(String message, long now) {
        occurrences++;
        if (!open) {
            open = true;
            episodeStart = now;
            lastLogged = now;
            occurrences = 1;
            unlogged = 0;
            return Optional.of(message);
        }
        if (now - lastLogged < intervalNanos) {
            unlogged++;
            return Optional.empty();
        }
        lastLogged = now;
        unlogged = 0;
        return Optional.of(message + summary(now));
    }

    /**
     * The condition is over: " (repeated N times in T s)" when occurrences were counted without
     * being logged, else empty. The next occurrence starts a new episode.
     */
    public synchronized Optional<String> ended(long now) {
        if (!open) {
            return Optional.empty();
        }
        open = false;
        return unlogged > 0 ? Optional.of(summary(now)) : Optional.empty();
    }

    /** How long the current episode has lasted at {@code now} (zero when none is open). */
    public synchronized Duration episode(long now) {
        return open ? Duration.ofNanos(now - episodeStart) : Duration.ZERO;
    }

    private String summary(long now) {
        return " (repeated " + occurrences + " times in " + Math.round((now - episodeStart) / 1e9) + " s)";
    }
}
