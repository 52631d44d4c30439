package dev.wayfinder.provider.etcd;

import java.util.Objects;

/** How one name fared in an apply. */
record NameOutcome(NameChange change, Result result, String detail) {

    enum Result { APPLIED, REFUSED, FAILED_TRANSIENT, FAILED_PERMANENT }

    NameOutcome {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(result, "result");
        detail = Objects.requireNonNullElse(detail, "");
    }

    static NameOutcome applied(NameChange change) {
        return new NameOutcome(change, Result.APPLIED, "");
    }

    static NameOutcome refused(NameChange change, String reason) {
        return new NameOutcome(change, Result.REFUSED, reason);
    }

    /** Planned against an older read: worth planning again, so transient. */
    static NameOutcome stale(NameChange change, String reason) {
        return new NameOutcome(change, Result.FAILED_TRANSIENT, reason);
    }

    static NameOutcome failed(NameChange change, Throwable cause) {
        return new NameOutcome(change, EtcdFailures.isTransient(cause) ? Result.FAILED_TRANSIENT : Result.FAILED_PERMANENT,
                EtcdFailures.describe(cause));
    }
}
