package dev.wayfinder.server.snapshot;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable copy of the SkyDNS tree at one etcd revision: every key in byte order with its
 * value decoded once. Subtree reads ({@code key + "/"} as a prefix) and exact reads are binary
 * searches over one sorted array, so a query costs O(log n) plus what it returns.
 *
 * <p>Keys are etcd's bytes mapped one-to-one onto chars (ISO-8859-1), which makes Java's string
 * order exactly etcd's byte order and keeps any byte a key may hold.
 */
public final class ZoneSnapshot {

    private static final ZoneSnapshot EMPTY = new ZoneSnapshot(new SnapshotEntry[0], 0);

    private final SnapshotEntry[] entries;
    /** The keys again, in their own array: binary searches touch only this (fewer cache misses). */
    private final String[] keys;
    private final long revision;
    private final int errors;

    private ZoneSnapshot(SnapshotEntry[] sorted, long revision) {
        this.entries = sorted;
        this.keys = new String[sorted.length];
        this.revision = revision;
        int bad = 0;
        for (int i = 0; i < sorted.length; i++) {
            keys[i] = sorted[i].key();
            if (sorted[i].isError()) {
                bad++;
            }
        }
        this.errors = bad;
    }

    /** Arrays already made (by {@link #apply}): no pass over every entry, which would touch each entry object once. */
    private ZoneSnapshot(SnapshotEntry[] sorted, String[] keys, long revision, int errors) {
        this.entries = sorted;
        this.keys = keys;
        this.revision = revision;
        this.errors = errors;
    }

    /**
     * What CoreDNS's two reads of one path find, located with one binary search: the entry at
     * exactly {@code path} (or null) and the entries strictly below it ({@code path + "/"} as a prefix).
     */
    public record Located(SnapshotEntry exact, List<SnapshotEntry> below) {
    }

    public Located locate(String path) {
        int i = lowerBound(path);
        SnapshotEntry exact = i < keys.length && keys[i].equals(path) ? entries[i] : null;
        int from = gallop(path, '/', i);
        if (from >= keys.length || !keys[from].startsWith(path) || keys[from].length() <= path.length()
                || keys[from].charAt(path.length()) != '/') {
            return new Located(exact, List.of());
        }
        int to = gallop(path, (char) ('/' + 1), from);
        return new Located(exact, Arrays.asList(Arrays.copyOfRange(entries, from, to)));
    }

    /**
     * How many keys lie at {@code path} or below it ({@code path + "/"} as a prefix): what CoreDNS's two
     * reads of the path would find, counted with binary searches and without copying.
     */
    public int countAtOrBelow(String path) {
        int i = lowerBound(path);
        int exact = i < keys.length && keys[i].equals(path) ? 1 : 0;
        int from = gallop(path, '/', i);
        if (from >= keys.length || !keys[from].startsWith(path) || keys[from].length() <= path.length()
                || keys[from].charAt(path.length()) != '/') {
            return exact;
        }
        return exact + gallop(path, (char) ('/' + 1), from) - from;
    }

    /** The first index at or after {@code start} whose key is not below {@code path + suffix}, by exponential then binary search. */
    private int gallop(String path, char suffix, int start) {
        int lo = start;
        int step = 1;
        int hi = start;
        while (hi < keys.length && compare(keys[hi], path, suffix) < 0) {
            lo = hi + 1;
            hi = start + step;
            step <<= 1;
        }
        hi = Math.min(hi, keys.length);
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(keys[mid], path, suffix) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** {@code key.compareTo(path + suffix)} without building the string. */
    private static int compare(String key, String path, char suffix) {
        if (!key.startsWith(path)) {
            return key.compareTo(path); // they differ within path (or key is shorter): same order as against path + suffix
        }
        if (key.length() == path.length()) {
            return -1; // key is a proper prefix of path + suffix
        }
        int d = key.charAt(path.length()) - suffix;
        return d != 0 ? d : (key.length() > path.length() + 1 ? 1 : 0);
    }

    public static ZoneSnapshot empty() {
        return EMPTY;
    }

    /** One etcd change: a put ({@code value} non-null, attached to etcd lease {@code lease}, 0 for none) or a delete. */
    public record Change(String key, byte[] value, long lease) {
        public Change(String key, byte[] value) {
            this(key, value, 0);
        }

        public static Change put(String key, String json) {
            return new Change(key, json.getBytes(StandardCharsets.UTF_8));
        }

        public static Change delete(String key) {
            return new Change(key, null);
        }
    }

    /** The key as this snapshot stores it: etcd's bytes, one char each. */
    public static String key(byte[] etcdKey) {
        return new String(etcdKey, StandardCharsets.ISO_8859_1);
    }

    /** A snapshot of exactly these entries; for a key given twice the last one wins. Already-sorted input (a range read) costs O(n). */
    public static ZoneSnapshot of(long revision, Collection<SnapshotEntry> entries) {
        SnapshotEntry[] all = entries.toArray(new SnapshotEntry[0]);
        Arrays.sort(all, (a, b) -> a.key().compareTo(b.key())); // stable: equal keys keep their order
        int n = 0;
        for (int i = 0; i < all.length; i++) {
            if (n > 0 && all[n - 1].key().equals(all[i].key())) {
                all[n - 1] = all[i];
            } else {
                all[n++] = all[i];
            }
        }
        return new ZoneSnapshot(n == all.length ? all : Arrays.copyOf(all, n), revision);
    }

    /** A snapshot of raw etcd values, each decoded here once. */
    public static ZoneSnapshot ofValues(long revision, Map<String, byte[]> values) {
        List<SnapshotEntry> decoded = new ArrayList<>(values.size());
        values.forEach((k, v) -> decoded.add(SnapshotEntry.decode(k, v)));
        return of(revision, decoded);
    }

    /**
     * This snapshot with one batch of changes applied (one etcd watch response, i.e. whole
     * transactions). Builds a new array by merging, so readers of this snapshot are undisturbed.
     */
    public ZoneSnapshot apply(long newRevision, List<Change> changes) {
        if (changes.isEmpty()) {
            return new ZoneSnapshot(entries, keys, Math.max(revision, newRevision), errors);
        }
        TreeMap<String, SnapshotEntry> delta = new TreeMap<>();
        for (Change c : changes) {
            delta.put(c.key(), c.value() == null ? null : SnapshotEntry.decode(c.key(), c.value(), c.lease()));
        }
        // Entries and keys are merged side by side, unchanged runs copied in bulk: a change to a snapshot of
        // 200,000 keys then costs two array copies rather than a visit to every entry.
        SnapshotEntry[] merged = new SnapshotEntry[entries.length + delta.size()];
        String[] mergedKeys = new String[merged.length];
        int bad = errors;
        int n = 0;
        int i = 0;
        for (Map.Entry<String, SnapshotEntry> d : delta.entrySet()) {
            int at = lowerBound(d.getKey());
            if (at > i) {
                System.arraycopy(entries, i, merged, n, at - i);
                System.arraycopy(keys, i, mergedKeys, n, at - i);
                n += at - i;
            }
            boolean replaces = at < keys.length && keys[at].equals(d.getKey());
            if (replaces && entries[at].isError()) {
                bad--;
            }
            i = replaces ? at + 1 : at;
            if (d.getValue() != null) {
                mergedKeys[n] = d.getKey();
                merged[n++] = d.getValue();
                bad += d.getValue().isError() ? 1 : 0;
            }
        }
        System.arraycopy(entries, i, merged, n, entries.length - i);
        System.arraycopy(keys, i, mergedKeys, n, entries.length - i);
        n += entries.length - i;
        return n == merged.length ? new ZoneSnapshot(merged, mergedKeys, newRevision, bad)
                : new ZoneSnapshot(Arrays.copyOf(merged, n), Arrays.copyOf(mergedKeys, n), newRevision, bad);
    }

    /** Every entry whose key starts with {@code prefix}, in key order (a read-only view). */
    public List<SnapshotEntry> withPrefix(String prefix) {
        int from = lowerBound(prefix);
        int to = lowerBound(prefix + '\u0100');
        if (from >= to) {
            return Collections.emptyList();
        }
        return Collections.unmodifiableList(Arrays.asList(entries).subList(from, to));
    }

    /** The entry at exactly {@code key}, or null. */
    public SnapshotEntry exact(String key) {
        int at = lowerBound(key);
        return at < keys.length && keys[at].equals(key) ? entries[at] : null;
    }

    public long revision() {
        return revision;
    }

    public int size() {
        return entries.length;
    }

    /** How many keys hold a value CoreDNS could not decode. */
    public int decodeErrors() {
        return errors;
    }

    /** All entries in key order. */
    public List<SnapshotEntry> entries() {
        return Collections.unmodifiableList(Arrays.asList(entries));
    }

    private int lowerBound(String key) {
        int lo = 0;
        int hi = entries.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (keys[mid].compareTo(key) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
