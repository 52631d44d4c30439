package dev.wayfinder.server.prepared;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every name that holds data in one snapshot (lower-cased wire form), each with slots for its prepared
 * answers, one per {@link Slot}. Split into segments by hash; each segment is an open-addressing table.
 * A new snapshot makes a new table that copies only the segments holding changed names and shares the
 * rest, answers included, so a change costs what it touches. Readers never lock: a slot array is set
 * once per name (compare-and-set) and its answers are published with release/acquire.
 */
final class NameTable {

    private static final VarHandle ROWS = MethodHandles.arrayElementVarHandle(PreparedAnswer[][].class);
    private static final VarHandle CELLS = MethodHandles.arrayElementVarHandle(PreparedAnswer[].class);
    private static final int MIN_SEGMENTS = 16;
    private static final int MAX_SEGMENTS = 1 << 16;

    /**
     * One open-addressing table: {@code names[i] == null} marks a free place. The A and AAAA answers, asked most
     * and prepared ahead, have arrays of their own; the other slots of a name get a row on their first answer.
     */
    private static final class Segment {
        final byte[][] names;
        final int[] hashes;
        final PreparedAnswer[] a;
        final PreparedAnswer[] aaaa;
        /** Per name: null until an answer other than A or AAAA is prepared. */
        final PreparedAnswer[][] others;
        final int count;

        Segment(int count) {
            int capacity = 4;
            while (capacity < count * 2) {
                capacity <<= 1;
            }
            this.names = new byte[capacity][];
            this.hashes = new int[capacity];
            this.a = new PreparedAnswer[capacity];
            this.aaaa = new PreparedAnswer[capacity];
            this.others = new PreparedAnswer[capacity][];
            this.count = count;
        }

        /** Places a name known to be absent; returns its place. */
        int put(byte[] name, int hash) {
            int mask = names.length - 1;
            int i = probeStart(hash) & mask;
            while (names[i] != null) {
                i = (i + 1) & mask;
            }
            names[i] = name;
            hashes[i] = hash;
            return i;
        }

        /** Carries the answers at {@code from} in {@code old} over to place {@code to} here. */
        void copyAnswers(Segment old, int from, int to) {
            a[to] = (PreparedAnswer) CELLS.getAcquire(old.a, from);
            aaaa[to] = (PreparedAnswer) CELLS.getAcquire(old.aaaa, from);
            others[to] = (PreparedAnswer[]) ROWS.getAcquire(old.others, from);
        }
    }

    private final Segment[] segments;
    private final int size;

    private NameTable(Segment[] segments, int size) {
        this.segments = segments;
        this.size = size;
    }

    /** FNV-1a's 32 bits, finished with Murmur3's mixer so that segments and places spread. */
    static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }

    static int hash(byte[] name) {
        int h = 0x811c9dc5;
        for (byte b : name) {
            h = (h ^ (b & 0xff)) * 0x01000193;
        }
        return mix(h);
    }

    private static int probeStart(int hash) {
        return Integer.rotateRight(hash, 16);
    }

    /** A table of these distinct names, no answer prepared yet. */
    static NameTable of(List<byte[]> names) {
        int n = MIN_SEGMENTS;
        while (n < MAX_SEGMENTS && n * 16 < names.size()) {
            n <<= 1;
        }
        int[] counts = new int[n];
        int[] hashes = new int[names.size()];
        for (int i = 0; i < names.size(); i++) {
            hashes[i] = hash(names.get(i));
            counts[hashes[i] & (n - 1)]++;
        }
        Segment[] segments = new Segment[n];
        for (int s = 0; s < n; s++) {
            segments[s] = new Segment(counts[s]);
        }
        for (int i = 0; i < names.size(); i++) {
            segments[hashes[i] & (n - 1)].put(names.get(i), hashes[i]);
        }
        return new NameTable(segments, names.size());
    }

    int size() {
        return size;
    }

    /** The place of the name in {@code name[0, length)} with this {@link #hash}, or -1; see {@link #answers}. */
    long find(byte[] name, int length, int hash) {
        int s = hash & (segments.length - 1);
        Segment seg = segments[s];
        int mask = seg.names.length - 1;
        for (int i = probeStart(hash) & mask; ; i = (i + 1) & mask) {
            byte[] candidate = seg.names[i];
            if (candidate == null) {
                return -1;
            }
            if (seg.hashes[i] == hash && candidate.length == length && Arrays.equals(candidate, 0, length, name, 0, length)) {
                return ((long) s << 32) | i;
            }
        }
    }

    /** The answer prepared in {@code slot} for the name at {@code place}, or null. */
    PreparedAnswer answer(long place, int slot) {
        Segment seg = segments[(int) (place >>> 32)];
        int i = (int) place;
        if (slot == Slot.A) {
            return (PreparedAnswer) CELLS.getAcquire(seg.a, i);
        }
        if (slot == Slot.AAAA) {
            return (PreparedAnswer) CELLS.getAcquire(seg.aaaa, i);
        }
        PreparedAnswer[] row = (PreparedAnswer[]) ROWS.getAcquire(seg.others, i);
        return row == null ? null : (PreparedAnswer) CELLS.getAcquire(row, slot);
    }

    /** Keeps {@code answer} in {@code slot} for the name at {@code place} (any thread; the last one wins). */
    void keep(long place, int slot, PreparedAnswer answer) {
        Segment seg = segments[(int) (place >>> 32)];
        int i = (int) place;
        if (slot == Slot.A || slot == Slot.AAAA) {
            CELLS.setRelease(slot == Slot.A ? seg.a : seg.aaaa, i, answer);
            return;
        }
        PreparedAnswer[] row = (PreparedAnswer[]) ROWS.getAcquire(seg.others, i);
        if (row == null) {
            PreparedAnswer[] fresh = new PreparedAnswer[Slot.COUNT];
            row = ROWS.compareAndSet(seg.others, i, null, fresh) ? fresh : (PreparedAnswer[]) ROWS.getAcquire(seg.others, i);
        }
        CELLS.setRelease(row, slot, answer);
    }

    /** At most {@code max} of the names, in no particular order. */
    List<byte[]> names(int max) {
        List<byte[]> out = new ArrayList<>(Math.min(size, max));
        for (Segment seg : segments) {
            for (byte[] n : seg.names) {
                if (n != null) {
                    if (out.size() == max) {
                        return out;
                    }
                    out.add(n);
                }
            }
        }
        return out;
    }

    /**
     * This table with {@code present} names holding data afresh (added, or their answers dropped because
     * something at or below them changed) and {@code absent} names gone. Only the segments they fall in are copied.
     */
    NameTable with(List<byte[]> present, List<byte[]> absent) {
        Map<Integer, Map<ByteBuffer, Boolean>> bySegment = new HashMap<>();
        int mask = segments.length - 1;
        for (byte[] n : absent) {
            bySegment.computeIfAbsent(hash(n) & mask, k -> new HashMap<>()).put(ByteBuffer.wrap(n), false);
        }
        for (byte[] n : present) {
            bySegment.computeIfAbsent(hash(n) & mask, k -> new HashMap<>()).put(ByteBuffer.wrap(n), true);
        }
        Segment[] copy = segments.clone();
        int newSize = size;
        for (Map.Entry<Integer, Map<ByteBuffer, Boolean>> e : bySegment.entrySet()) {
            Segment old = segments[e.getKey()];
            Map<ByteBuffer, Boolean> changes = e.getValue();
            List<Integer> kept = new ArrayList<>(old.count);
            for (int i = 0; i < old.names.length; i++) {
                if (old.names[i] != null && !changes.containsKey(ByteBuffer.wrap(old.names[i]))) {
                    kept.add(i);
                }
            }
            int added = 0;
            for (Boolean p : changes.values()) {
                added += p ? 1 : 0;
            }
            Segment next = new Segment(kept.size() + added);
            for (int i : kept) {
                next.copyAnswers(old, i, next.put(old.names[i], old.hashes[i]));
            }
            for (Map.Entry<ByteBuffer, Boolean> c : changes.entrySet()) {
                if (c.getValue()) {
                    byte[] n = c.getKey().array();
                    next.put(n, hash(n));
                }
            }
            newSize += next.count - old.count;
            copy[e.getKey()] = next;
        }
        return new NameTable(copy, newSize);
    }
}
