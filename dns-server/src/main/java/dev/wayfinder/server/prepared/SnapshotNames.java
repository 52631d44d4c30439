package dev.wayfinder.server.prepared;

import dev.wayfinder.server.snapshot.SnapshotEntry;
import dev.wayfinder.server.snapshot.ZoneSnapshot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The names a snapshot holds data for, as CoreDNS reads them: a name holds data when a key lies at its
 * path or below it ({@code <prefix>/<labels reversed>}), so every ancestor of a key, down to a zone, is a
 * name. Only names whose labels a {@link WireQuery} accepts are listed (letters, digits, {@code -}, {@code _},
 * no wildcard label); a question for any other name takes the full path. The zone apexes are always listed.
 */
final class SnapshotNames {

    /** The zones as key segments, outermost first ({@code bench.test.} → {@code [test, bench]}). */
    private final List<String[]> zones;
    private final String root;

    /** What changed between two snapshots, as names: those holding data afresh, and those that hold none any more. */
    record Delta(List<byte[]> present, List<byte[]> absent, int changedKeys) {
    }

    SnapshotNames(String root, List<String> zones) {
        this.root = root;
        List<String[]> zs = new ArrayList<>();
        for (String z : zones) {
            String[] labels = z.equals(".") ? new String[0] : z.substring(0, z.length() - 1).split("\\.", -1);
            String[] segments = new String[labels.length];
            boolean plain = true;
            for (int i = 0; i < labels.length; i++) {
                segments[i] = labels[labels.length - 1 - i];
                plain &= isPlain(segments[i]);
            }
            if (plain) {
                zs.add(segments);
            }
        }
        this.zones = List.copyOf(zs);
    }

    /** Every name with data in {@code snapshot}, and the zone apexes; each once. */
    List<byte[]> all(ZoneSnapshot snapshot) {
        List<byte[]> out = new ArrayList<>();
        for (String[] z : zones) {
            out.add(wire(z, z.length));
        }
        String[] previous = new String[0];
        for (SnapshotEntry e : snapshot.entries()) {
            String[] segments = segments(e.key());
            if (segments == null) {
                continue;
            }
            int common = 0;
            while (common < previous.length && common < segments.length && previous[common].equals(segments[common])) {
                common++;
            }
            names(segments, common, out);
            previous = segments;
        }
        return out;
    }

    /** The names of {@code segments} deeper than {@code skip} segments, below a zone (apexes are listed apart). */
    private void names(String[] segments, int skip, List<byte[]> out) {
        int zoneDepth = zoneDepth(segments);
        if (zoneDepth < 0) {
            return;
        }
        for (int d = zoneDepth + 1; d <= segments.length && isPlain(segments[d - 1]); d++) {
            if (d > skip && !isApex(segments, d)) {
                out.add(wire(segments, d));
            }
        }
    }

    /** The names whose data differ between {@code before} and {@code after}: the ancestors of every changed key. */
    Delta delta(ZoneSnapshot before, ZoneSnapshot after) {
        List<String> changed = changedKeys(before, after);
        List<byte[]> present = new ArrayList<>();
        List<byte[]> absent = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String key : changed) {
            String[] segments = segments(key);
            int zoneDepth = segments == null ? -1 : zoneDepth(segments);
            if (zoneDepth < 0) {
                continue;
            }
            StringBuilder path = new StringBuilder(root);
            for (int d = 1; d <= segments.length && isPlain(segments[d - 1]); d++) {
                path.append('/').append(segments[d - 1]);
                if (d < zoneDepth || !seen.add(path.toString())) {
                    continue;
                }
                boolean holds = isApex(segments, d) || after.countAtOrBelow(path.toString()) > 0;
                (holds ? present : absent).add(wire(segments, d));
            }
        }
        return new Delta(present, absent, changed.size());
    }

    /** Keys added, removed or changed in value or lease, by one walk over both sorted snapshots. */
    static List<String> changedKeys(ZoneSnapshot before, ZoneSnapshot after) {
        List<SnapshotEntry> a = before.entries();
        List<SnapshotEntry> b = after.entries();
        List<String> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i) == b.get(j)) {
                i++; // the same entry, carried over by ZoneSnapshot.apply: no key to compare (200,000 of them at 100,000 names)
                j++;
                continue;
            }
            int cmp = i == a.size() ? 1 : j == b.size() ? -1 : a.get(i).key().compareTo(b.get(j).key());
            if (cmp < 0) {
                out.add(a.get(i++).key());
            } else if (cmp > 0) {
                out.add(b.get(j++).key());
            } else {
                SnapshotEntry x = a.get(i++);
                SnapshotEntry y = b.get(j++);
                if (x != y && !(x.lease() == y.lease() && Objects.equals(x.record(), y.record()) && Objects.equals(x.error(), y.error()))) {
                    out.add(x.key());
                }
            }
        }
        return out;
    }

    /** The key's segments below the prefix, or null when it is not below it. */
    private String[] segments(String key) {
        if (!key.startsWith(root) || key.length() <= root.length() + 1 || key.charAt(root.length()) != '/') {
            return null;
        }
        return key.substring(root.length() + 1).split("/", -1);
    }

    /** How many leading segments the outermost zone holding these segments has, or -1 when none does. */
    private int zoneDepth(String[] segments) {
        int best = -1;
        for (String[] z : zones) {
            if ((best < 0 || z.length < best) && z.length <= segments.length && startsWith(segments, z)) {
                best = z.length;
            }
        }
        return best;
    }

    private boolean isApex(String[] segments, int depth) {
        for (String[] z : zones) {
            if (z.length == depth && startsWith(segments, z)) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWith(String[] segments, String[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (!segments[i].equals(prefix[i])) {
                return false;
            }
        }
        return true;
    }

    /** A label a {@link WireQuery} accepts as it is: lower-case letters, digits, {@code -} and {@code _}; no wildcard. */
    static boolean isPlain(String label) {
        if (label.isEmpty() || label.length() > 63 || label.equals("any")) {
            return false;
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** The wire form of the name made of the first {@code depth} segments (the last one is its first label). */
    static byte[] wire(String[] segments, int depth) {
        int length = 1;
        for (int i = 0; i < depth; i++) {
            length += segments[i].length() + 1;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (int i = depth - 1; i >= 0; i--) {
            String s = segments[i];
            out[at++] = (byte) s.length();
            for (int k = 0; k < s.length(); k++) {
                out[at++] = (byte) s.charAt(k);
            }
        }
        out[at] = 0;
        return out;
    }
}
