package dev.wayfinder.server.cli;

import dev.wayfinder.model.GoDuration;
import java.time.Duration;

/** Duration-valued options of {@code wayfinder dns}; every error names the option. */
final class DurationOptions {

    /** TTLs are unsigned 32-bit on the wire. */
    private static final long MAX_SECONDS = 0xffff_ffffL;

    private DurationOptions() {
    }

    /** A Go duration such as {@code 30s}, {@code 5m} or {@code 250ms}. */
    static Duration duration(String option, String value) {
        try {
            return GoDuration.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }

    /**
     * CoreDNS's reading of {@code min-lease-ttl}/{@code max-lease-ttl}: plain seconds or a Go
     * duration, in whole seconds; empty, zero or under a second means {@code fallback}.
     */
    static long seconds(String option, String value, long fallback) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty()) {
            return fallback;
        }
        long seconds = v.matches("\\d{1,19}") ? Long.parseLong(v) : duration(option, v).getSeconds();
        if (seconds > MAX_SECONDS) {
            throw new IllegalArgumentException(option + ": '" + value + "' is longer than " + MAX_SECONDS + " seconds");
        }
        return seconds == 0 ? fallback : seconds;
    }
}
