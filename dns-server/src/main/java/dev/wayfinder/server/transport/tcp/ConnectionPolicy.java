package dev.wayfinder.server.transport.tcp;

import java.util.Collection;
import java.util.Optional;

/**
 * The TCP connection decisions as pure functions of times (nanoseconds from one clock): when a
 * connection has outlived a deadline, and which connection is the idlest when one must go.
 */
final class ConnectionPolicy {

    /**
     * What the decisions look at. {@code lastUsefulAt}: when a whole message last arrived or a reply
     * was last written out (the accept time before either); {@code partialSince}: when the message in
     * progress began ({@link FrameReader#NONE} between messages); {@code writeStalledSince}: since
     * when unsent reply bytes have made no progress ({@link FrameReader#NONE} when none wait);
     * {@code busy}: queries being answered or replies waiting to be sent.
     */
    record State(long openedAt, long lastUsefulAt, long partialSince, long writeStalledSince, boolean busy) {

        boolean betweenMessages() {
            return partialSince == FrameReader.NONE && !busy;
        }
    }

    /** What the choice of the idlest looks at, read straight from a connection (no allocation per candidate). */
    interface Idleness {
        boolean busy();

        long lastUsefulAt();

        /** Accept order: of two connections equally idle, the one accepted first goes first. */
        long sequence();
    }

    private ConnectionPolicy() {
    }

    /** The deadline {@code s} has passed at {@code now}, if any; the message deadlines come first. */
    static Optional<CloseReason> expired(State s, long now, TcpLimits limits) {
        long message = limits.messageTimeout().toNanos();
        if (s.partialSince() != FrameReader.NONE && now - s.partialSince() > message) {
            return Optional.of(CloseReason.MESSAGE_TIMEOUT);
        }
        if (s.writeStalledSince() != FrameReader.NONE && now - s.writeStalledSince() > message) {
            return Optional.of(CloseReason.WRITE_TIMEOUT);
        }
        if (!s.betweenMessages()) {
            return Optional.empty();
        }
        if (now - s.lastUsefulAt() > limits.idleTimeout().toNanos()) {
            return Optional.of(CloseReason.IDLE);
        }
        long lifetime = limits.maxLifetime().toNanos();
        if (lifetime > 0 && now - s.openedAt() > lifetime) {
            return Optional.of(CloseReason.LIFETIME);
        }
        return Optional.empty();
    }

    /**
     * The connection to close for a new one: the one longest without a useful exchange, so a client
     * that trickles bytes without ever completing a message ranks as idle as one that sends nothing;
     * connections being answered go last.
     */
    static <T extends Idleness> Optional<T> idlest(Collection<T> connections) {
        T best = null;
        for (T c : connections) {
            if (best == null || moreIdle(c, best)) {
                best = c;
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean moreIdle(Idleness a, Idleness b) {
        if (a.busy() != b.busy()) {
            return !a.busy();
        }
        if (a.lastUsefulAt() != b.lastUsefulAt()) {
            return a.lastUsefulAt() - b.lastUsefulAt() < 0;
        }
        return a.sequence() < b.sequence();
    }
}
