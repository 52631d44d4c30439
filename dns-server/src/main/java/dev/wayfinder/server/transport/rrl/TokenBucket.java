package dev.wayfinder.server.transport.rrl;

/**
 * One bucket's arithmetic, a pure function: credit is kept in thousandths of a response, refilled
 * at {@code rate} responses a second up to one second's worth (the burst), spent one response at a
 * time. Spending below zero is over the rate; the credit may sink to {@code -rate × window}, so a
 * network that floods keeps being limited until its average over the window falls below the rate
 * (BIND's {@code window}).
 */
final class TokenBucket {

    static final long UNIT = 1_000;

    private TokenBucket() {
    }

    /** The credit after one response {@code elapsedMillis} after the previous one; within the rate when {@code >= 0}. */
    static long spend(long credit, long elapsedMillis, long rate, long windowSeconds) {
        long full = rate * UNIT;
        long refill = Math.min(elapsedMillis, windowSeconds * 1_000 + 1_000) * rate;
        long refilled = Math.min(full, credit + refill);
        return Math.max(-full * windowSeconds, refilled - UNIT);
    }

    /** The credit of a bucket never used: one full second. */
    static long fresh(long rate) {
        return rate * UNIT;
    }
}
