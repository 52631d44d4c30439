package dev.wayfinder.provider.etcd;

import io.etcd.jetcd.common.exception.EtcdException;
import io.grpc.Status;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** Sorts etcd failures into those worth retrying and those that will fail the same way again. */
final class EtcdFailures {

    /**
     * Codes etcd and gRPC use for a server that is away, busy, electing a leader or slow; and
     * OUT_OF_RANGE, "required revision has been compacted", when compaction overtakes a paged read
     * (starting the read again fixes it).
     */
    private static final Set<Status.Code> TRANSIENT = EnumSet.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED,
            Status.Code.ABORTED, Status.Code.RESOURCE_EXHAUSTED, Status.Code.CANCELLED, Status.Code.OUT_OF_RANGE);

    private EtcdFailures() {
    }

    /** A guarded transaction lost a race with another writer: re-read and try again. */
    static final class Conflict extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Conflict(String message) {
            super(message, null, false, false);
        }
    }

    static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    static boolean isTransient(Throwable t) {
        Throwable c = unwrap(t);
        if (c instanceof Conflict || c instanceof TimeoutException) {
            return true;
        }
        for (Throwable x = c; x != null; x = x.getCause()) {
            if (x instanceof java.io.IOException) {
                return true; // the connection failed under the call (etcd killed, a reset): etcd gave no answer
            }
            Status.Code code = Status.fromThrowable(x).getCode();
            if (code != Status.Code.UNKNOWN) {
                return TRANSIENT.contains(code);
            }
            if (x instanceof EtcdException e) {
                return switch (e.getErrorCode()) {
                    case UNAVAILABLE, DEADLINE_EXCEEDED, ABORTED, RESOURCE_EXHAUSTED, CANCELLED, OUT_OF_RANGE -> true;
                    default -> false;
                };
            }
        }
        return false;
    }

    /**
     * True when the failure says etcd is away or not answering (unavailable, no leader, a deadline
     * passed), as opposed to answering with an error. A call cancelled because its client was closed
     * says nothing about etcd.
     */
    static boolean isUnreachable(Throwable t) {
        Throwable c = unwrap(t);
        if (c instanceof TimeoutException) {
            return true;
        }
        for (Throwable x = c; x != null; x = x.getCause()) {
            if (x instanceof java.io.IOException) {
                return true;
            }
            Status.Code code = Status.fromThrowable(x).getCode();
            if (code != Status.Code.UNKNOWN) {
                return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
            }
            if (x instanceof EtcdException e) {
                return e.getErrorCode() == io.etcd.jetcd.common.exception.ErrorCode.UNAVAILABLE
                        || e.getErrorCode() == io.etcd.jetcd.common.exception.ErrorCode.DEADLINE_EXCEEDED;
            }
        }
        return false;
    }

    static String describe(Throwable t) {
        Throwable c = unwrap(t);
        if (c instanceof TimeoutException) {
            return "no answer from etcd in time";
        }
        return c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName();
    }
}
