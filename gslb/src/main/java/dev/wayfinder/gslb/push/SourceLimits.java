package dev.wayfinder.gslb.push;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How many NOTIFYs the listener reads: at most {@code perSource} per {@code period} from one address, and at most
 * {@code overall} per {@code period} in all (a flood from many, perhaps spoofed, addresses). The per-source limits are
 * kept for the {@link #TRACKED_SOURCES} most recent addresses, so a spoofed flood cannot grow the table. Checked before
 * anything is parsed or verified, so a flood costs a map lookup per packet. Used by the listener's thread only.
 */
final class SourceLimits {

    static final int TRACKED_SOURCES = 4096;

    /** The limits a period allows. */
    record Limits(int perSource, int overall, Duration period) {
        /** 50 NOTIFYs a second from one address (a sender coalesces a pass's changes to a few), 500 in all. */
        static final Limits DEFAULTS = new Limits(50, 500, Duration.ofSeconds(1));
    }

    private final RateLimiterConfig perSource;
    private final RateLimiter overall;
    private final Map<InetAddress, RateLimiter> bySource = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, RateLimiter> eldest) {
            return size() > TRACKED_SOURCES;
        }
    };

    SourceLimits(Limits limits) {
        this.perSource = config(limits.perSource(), limits.period());
        this.overall = RateLimiter.of("gslb-notify", config(limits.overall(), limits.period()));
    }

    private static RateLimiterConfig config(int permits, Duration period) {
        return RateLimiterConfig.custom().limitForPeriod(permits).limitRefreshPeriod(period).timeoutDuration(Duration.ZERO).build();
    }

    /** Empty when a NOTIFY from {@code source} may be read now; else the limit it ran into ({@code source} or {@code overall}). */
    Optional<String> exceeded(InetAddress source) {
        RateLimiter own = bySource.computeIfAbsent(source, s -> RateLimiter.of("gslb-notify-" + s.getHostAddress(), perSource));
        if (!own.acquirePermission()) {
            return Optional.of("source");
        }
        return overall.acquirePermission() ? Optional.empty() : Optional.of("overall");
    }
}
