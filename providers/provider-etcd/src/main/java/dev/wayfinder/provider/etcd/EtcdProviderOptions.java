package dev.wayfinder.provider.etcd;

import java.time.Duration;

/**
 * Tuning of {@link EtcdProvider}; {@link #defaults()} suits production.
 *
 * @param rpcTimeout     how long one etcd call may take before it counts as a transient failure
 * @param maxAttempts    attempts per read or transaction, the first included
 * @param initialBackoff wait before the first retry; it doubles (with jitter) up to {@code maxBackoff}
 * @param maxInFlight    transactions sent concurrently
 * @param maxOpsPerTxn   operations (and, separately, compares) per transaction; etcd's {@code --max-txn-ops} defaults to 128
 * @param pageSize       keys per range read
 * @param bulkThreshold  above this many names, one range read serves the whole batch and names share transactions
 */
public record EtcdProviderOptions(Duration rpcTimeout, int maxAttempts, Duration initialBackoff, Duration maxBackoff,
        int maxInFlight, int maxOpsPerTxn, int pageSize, int bulkThreshold) {

    public EtcdProviderOptions {
        if (rpcTimeout.isNegative() || rpcTimeout.isZero()) {
            throw new IllegalArgumentException("rpcTimeout must be positive, got " + rpcTimeout);
        }
        if (maxAttempts < 1 || maxInFlight < 1 || maxOpsPerTxn < 1 || pageSize < 1 || bulkThreshold < 0) {
            throw new IllegalArgumentException("maxAttempts, maxInFlight, maxOpsPerTxn and pageSize must be at least 1: " + this);
        }
    }

    public static EtcdProviderOptions defaults() {
        return new EtcdProviderOptions(Duration.ofSeconds(5), 5, Duration.ofMillis(100), Duration.ofSeconds(3), 8, 128, 2000, 32);
    }

    public EtcdProviderOptions withRetries(int attempts, Duration timeout, Duration initial) {
        return new EtcdProviderOptions(timeout, attempts, initial, maxBackoff, maxInFlight, maxOpsPerTxn, pageSize, bulkThreshold);
    }

    public EtcdProviderOptions withBulk(int threshold, int opsPerTxn, int inFlight) {
        return new EtcdProviderOptions(rpcTimeout, maxAttempts, initialBackoff, maxBackoff, inFlight, opsPerTxn, pageSize, threshold);
    }
}
