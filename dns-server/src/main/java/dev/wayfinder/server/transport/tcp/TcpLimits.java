package dev.wayfinder.server.transport.tcp;

import java.time.Duration;

/**
 * How many TCP connections are held and for how long. Defaults follow Knot (tcp-idle-timeout 10 s;
 * a whole-message deadline like its tcp-io-timeout, here 2 s to allow for slow links) and sit
 * between Knot's connection limit (half the file descriptors) and BIND's (tcp-clients 150):
 * <ul>
 *   <li>{@code maxConnections} (4,096): when full, the idlest connection is closed for the new one;</li>
 *   <li>{@code idleTimeout} (10 s): closed after this long without a message or a reply;</li>
 *   <li>{@code messageTimeout} (2 s): a message, once its first byte arrives, must arrive whole
 *       within this (a deadline per message, not per read); a reply must make progress within it;</li>
 *   <li>{@code maxLifetime} (5 min, 0 = none): closed at its first idle moment after this long;</li>
 *   <li>{@code workers}: threads answering TCP queries (the selector thread only moves bytes).</li>
 * </ul>
 */
public record TcpLimits(int maxConnections, Duration idleTimeout, Duration messageTimeout, Duration maxLifetime, int workers) {

    public static final int DEFAULT_MAX_CONNECTIONS = 4096;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_MESSAGE_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofMinutes(5);

    public TcpLimits {
        require(maxConnections >= 1, "--tcp-max-connections must be at least 1, not " + maxConnections);
        require(positive(idleTimeout), "--tcp-idle-timeout must be positive, not " + idleTimeout);
        require(positive(messageTimeout), "--tcp-message-timeout must be positive, not " + messageTimeout);
        require(!maxLifetime.isNegative(), "--tcp-max-lifetime must not be negative, not " + maxLifetime);
        require(workers >= 1, "TCP needs at least one worker thread, not " + workers);
    }

    public static TcpLimits defaults() {
        return new TcpLimits(DEFAULT_MAX_CONNECTIONS, DEFAULT_IDLE_TIMEOUT, DEFAULT_MESSAGE_TIMEOUT, DEFAULT_MAX_LIFETIME, defaultWorkers());
    }

    public static int defaultWorkers() {
        return Math.max(2, Runtime.getRuntime().availableProcessors());
    }

    public TcpLimits withMaxConnections(int n) {
        return new TcpLimits(n, idleTimeout, messageTimeout, maxLifetime, workers);
    }

    public TcpLimits withIdleTimeout(Duration d) {
        return new TcpLimits(maxConnections, d, messageTimeout, maxLifetime, workers);
    }

    private static boolean positive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
