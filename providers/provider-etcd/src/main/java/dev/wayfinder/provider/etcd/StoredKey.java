package dev.wayfinder.provider.etcd;

import dev.wayfinder.model.skydns.SkyDnsEntry;
import java.util.Objects;
import java.util.Optional;

/**
 * One key as read from etcd: its mod revision (the guard a transaction compares) and its value,
 * decoded, or the reason it could not be.
 */
record StoredKey(String key, long modRevision, Optional<SkyDnsEntry> entry, String problem) {

    StoredKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(entry, "entry");
        problem = Objects.requireNonNullElse(problem, "");
    }

    static StoredKey decoded(String key, long modRevision, SkyDnsEntry entry) {
        return new StoredKey(key, modRevision, Optional.of(entry), "");
    }

    static StoredKey malformed(String key, long modRevision, String problem) {
        return new StoredKey(key, modRevision, Optional.empty(), problem);
    }

    String owner() {
        return entry.map(e -> e.record().owner()).orElse("");
    }

    /** For messages: whose the key is, or why it is nobody's. */
    String describeOwner() {
        if (entry.isEmpty()) {
            return "holds a value that is not a SkyDNS record (" + problem + ")";
        }
        String owner = owner();
        return owner.isEmpty() ? "has no owner" : "is owned by '" + owner + "'";
    }
}
