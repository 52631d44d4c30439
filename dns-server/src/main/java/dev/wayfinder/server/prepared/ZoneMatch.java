package dev.wayfinder.server.prepared;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The answerer's zones in wire form, matched against a {@link WireQuery}'s name as the answerer matches
 * them (longest zone first, whole labels). Zones with a label a {@link WireQuery} never holds are left out:
 * no question the prepared answers read can fall into them.
 */
final class ZoneMatch {

    private final byte[][] wires;
    /** Each zone's label count (0 for the root). */
    private final int[] labels;

    /** {@code zones} normalised and longest first, as {@code Answerer.zones()} gives them. */
    ZoneMatch(List<String> zones) {
        List<byte[]> ws = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (String z : zones) {
            String[] labels = z.equals(".") ? new String[0] : z.substring(0, z.length() - 1).split("\\.", -1);
            if (Arrays.stream(labels).allMatch(SnapshotNames::isPlain)) {
                String[] segments = new String[labels.length];
                for (int i = 0; i < labels.length; i++) {
                    segments[i] = labels[labels.length - 1 - i];
                }
                ws.add(SnapshotNames.wire(segments, segments.length));
                counts.add(segments.length);
            }
        }
        this.wires = ws.toArray(new byte[0][]);
        this.labels = counts.stream().mapToInt(Integer::intValue).toArray();
    }

    int size() {
        return wires.length;
    }

    /** The index of the zone holding the query's name (also kept in {@code q.zone}, {@code q.zoneAt}), or -1. */
    int zoneOf(WireQuery q) {
        for (int z = 0; z < wires.length; z++) {
            byte[] w = wires[z];
            int start = q.nameLength - w.length;
            int first = q.labelCount - labels[z]; // the zone's first label, if the name ends in it
            if (first >= 0 && (first == q.labelCount ? start == q.nameLength - 1 : q.labelStarts[first] == start)
                    && Arrays.equals(q.name, start, q.nameLength, w, 0, w.length)) {
                q.zone = z;
                q.zoneAt = start;
                return z;
            }
        }
        return -1;
    }

    /** The index of the label starting at {@code at} ({@code labelCount} for the root), or -1. */
    private static int label(WireQuery q, int at) {
        if (at == q.nameLength - 1) {
            return q.labelCount;
        }
        for (int i = 0; i < q.labelCount; i++) {
            if (q.labelStarts[i] == at) {
                return i;
            }
        }
        return -1;
    }

    static boolean isApex(WireQuery q) {
        return q.zoneAt == 0;
    }

    boolean isApex(byte[] name) {
        for (byte[] w : wires) {
            if (Arrays.equals(w, name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the label just above the zone is {@code dns} or {@code hostmaster}: the zone's SOA names
     * ({@code ns.dns.<zone>}, {@code hostmaster.<zone>}) would then compress into the question, so the
     * reply for an absent name is not the one prepared for every other name at that offset.
     */
    static boolean belowSpecialLabel(WireQuery q) {
        int i = label(q, q.zoneAt);
        return i > 0 && (q.labelIs(i - 1, "dns") || q.labelIs(i - 1, "hostmaster"));
    }

    /** A name below zone {@code zone} for the warm-up's absent questions (were it to hold data, it would warm the same path). */
    byte[] absentName(int zone) {
        byte[] w = wires[zone];
        String label = "wayfinder-warm-up-absent";
        byte[] out = new byte[1 + label.length() + w.length];
        out[0] = (byte) label.length();
        for (int i = 0; i < label.length(); i++) {
            out[1 + i] = (byte) label.charAt(i);
        }
        System.arraycopy(w, 0, out, 1 + label.length(), w.length);
        return out;
    }

    /** A name of {@code x} labels whose zone {@code zone} starts at {@code zoneAt}: any name there holding no data gets its reply. */
    byte[] syntheticName(int zone, int zoneAt) {
        byte[] w = wires[zone];
        byte[] out = new byte[zoneAt + w.length];
        int at = 0;
        while (at < zoneAt) {
            int left = zoneAt - at;
            int len = left <= 64 ? left - 1 : left == 65 ? 62 : 63; // a label costs its length + 1; never leave 1 byte
            out[at] = (byte) len;
            Arrays.fill(out, at + 1, at + 1 + len, (byte) 'x');
            at += len + 1;
        }
        System.arraycopy(w, 0, out, zoneAt, w.length);
        return out;
    }
}
