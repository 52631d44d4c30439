package dev.wayfinder.server.answer;

import dev.wayfinder.server.snapshot.SnapshotEntry;
import java.util.List;

/**
 * What answering one question relied on, so the reply may be prepared once and reused (the prepared
 * answers, {@code server.prepared}): it may, when every read lies at or below the question's own key
 * path (a change anywhere else cannot alter it), no key read carries an etcd lease (its TTL moves with
 * time), every GSLB choice was static, and no upstream was asked.
 */
final class AnswerTrace {

    private final String ownPath;
    private final boolean upstreamIsNone;
    private boolean reusable = true;

    AnswerTrace(String ownPath, boolean upstreamIsNone) {
        this.ownPath = ownPath;
        this.upstreamIsNone = upstreamIsNone;
    }

    /** A read of {@code path} (found or not) that yielded {@code entries}. */
    void read(String path, List<SnapshotEntry> entries) {
        if (!path.equals(ownPath) && !(path.startsWith(ownPath) && path.length() > ownPath.length()
                && path.charAt(ownPath.length()) == '/')) {
            reusable = false;
        }
        for (SnapshotEntry e : entries) {
            if (e.lease() != 0) {
                reusable = false;
                return;
            }
        }
    }

    /** A GSLB choice over {@code services}: reusable only when the policy answers them the same for every client and draw. */
    void policy(AddressPolicy policy, List<SnapshotEntry> services) {
        if (!policy.isStatic(services)) {
            reusable = false;
        }
    }

    /** An upstream was asked: its answer may change at any time, unless it is {@link Upstream#NONE}, which never answers. */
    void upstream() {
        if (!upstreamIsNone) {
            reusable = false;
        }
    }

    boolean reusable() {
        return reusable;
    }
}
