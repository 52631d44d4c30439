package dev.wayfinder.server.transport.rrl;

import java.time.Duration;

/**
 * Response rate limiting as BIND's {@code rate-limit} and Knot's {@code rrl} do it: at most
 * {@code responsesPerSecond} identical responses per second to one client network (an IPv4 /24 and
 * an IPv6 /56 by default, BIND's prefix lengths), with a burst of one second's worth; over the rate,
 * every {@code slip}-th response is sent truncated and the rest dropped (0: drop all, 1: truncate
 * all; BIND's default 2); a network that keeps exceeding the rate stays limited until its average
 * over {@code window} falls below it (BIND's default 15 s). {@code tableSize} buckets are kept
 * (Knot's default); networks whose keys collide share one.
 */
public record RrlSettings(int responsesPerSecond, int slip, Duration window, int ipv4PrefixLength, int ipv6PrefixLength,
                          int tableSize) {

    public static final int DEFAULT_SLIP = 2;
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(15);
    public static final int DEFAULT_IPV4_PREFIX = 24;
    public static final int DEFAULT_IPV6_PREFIX = 56;
    public static final int DEFAULT_TABLE_SIZE = 393_241;
    static final int MAX_RATE = 1_000_000;
    static final int MAX_SLIP = 10;
    static final Duration MAX_WINDOW = Duration.ofHours(1);

    /** Checked: every bound names the flag that sets it. */
    public RrlSettings {
        require(responsesPerSecond >= 1 && responsesPerSecond <= MAX_RATE,
                "--rrl-responses-per-second must be between 1 and " + MAX_RATE + " (0 turns rate limiting off), not " + responsesPerSecond);
        require(slip >= 0 && slip <= MAX_SLIP, "--rrl-slip must be between 0 and " + MAX_SLIP + ", not " + slip);
        require(window.compareTo(Duration.ofSeconds(1)) >= 0 && window.compareTo(MAX_WINDOW) <= 0,
                "--rrl-window must be between 1s and 1h, not " + window);
        require(ipv4PrefixLength >= 0 && ipv4PrefixLength <= 32, "--rrl-ipv4-prefix-length must be between 0 and 32, not " + ipv4PrefixLength);
        require(ipv6PrefixLength >= 0 && ipv6PrefixLength <= 128, "--rrl-ipv6-prefix-length must be between 0 and 128, not " + ipv6PrefixLength);
        require(tableSize >= 1, "the rate limiting table needs at least one bucket, not " + tableSize);
    }

    /** BIND's defaults with the given rate. */
    public static RrlSettings of(int responsesPerSecond) {
        return new RrlSettings(responsesPerSecond, DEFAULT_SLIP, DEFAULT_WINDOW, DEFAULT_IPV4_PREFIX, DEFAULT_IPV6_PREFIX, DEFAULT_TABLE_SIZE);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
