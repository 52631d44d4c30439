package dev.wayfinder.server.answer;

import dev.wayfinder.server.snapshot.SnapshotEntry;
import dev.wayfinder.server.snapshot.ZoneSnapshot;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Type;

/**
 * CoreDNS's {@code Etcd.Records} + {@code msg.Group} over a snapshot: the reads that turn a
 * name into "services", with the same subtree/exact semantics, query wildcards, decode-error
 * failure, inclusion filter and group filter.
 */
final class Backend {

    private final ZoneSnapshot snapshot;
    /** The prefix without its trailing slash, e.g. {@code /skydns}. */
    private final String root;
    /** Told of every read, or null. */
    private final AnswerTrace trace;

    Backend(ZoneSnapshot snapshot, String root) {
        this(snapshot, root, null);
    }

    Backend(ZoneSnapshot snapshot, String root, AnswerTrace trace) {
        this.snapshot = snapshot;
        this.root = root;
        this.trace = trace;
    }

    /** The key path CoreDNS reads for {@code name} (lower-cased presentation form, no wildcard label). */
    static String path(String root, String name) {
        List<String> labels = Names.labels(name);
        StringBuilder path = new StringBuilder(root.length() + name.length() + 2).append(root);
        for (int i = labels.size() - 1; i >= 0; i--) {
            path.append('/').append(labels.get(i));
        }
        return cleanPath(path.toString());
    }

    /**
     * The services for {@code name} (lower-cased presentation form), filtered for {@code qtype}
     * and grouped. {@code exact} selects the CNAME/PTR style single-key read.
     */
    List<SnapshotEntry> services(String name, boolean exact, int qtype) throws LookupException {
        List<String> labels = Names.labels(name);
        StringBuilder path = new StringBuilder(root.length() + name.length() + 2).append(root);
        String cut = null;
        for (int i = labels.size() - 1; i >= 0; i--) {
            String l = labels.get(i);
            if (cut == null && (l.equals("*") || l.equals("any"))) {
                cut = path.toString();
            }
            path.append('/').append(l);
        }
        String full = cleanPath(path.toString());
        List<SnapshotEntry> read = read(cut == null ? full : cleanPath(cut), !exact);
        String[] nameParts = cut == null ? null : full.split("/", -1);
        List<SnapshotEntry> kept = new ArrayList<>(read.size());
        for (SnapshotEntry e : read) {
            if (nameParts != null && !matchesWildcard(e.key(), nameParts)) {
                continue;
            }
            if (e.isError()) {
                throw LookupException.failure(e.key() + ": " + e.error());
            }
            if ((qtype == Type.TXT && !e.record().text().isEmpty()) || !e.record().host().isEmpty()) {
                kept.add(e);
            }
        }
        return group(kept);
    }

    /**
     * Go's {@code path.Clean}, which CoreDNS's {@code path.Join} applies to every key it builds: a
     * label holding {@code /} must not yield an empty or trailing segment.
     */
    static String cleanPath(String p) {
        if (p.indexOf("//") < 0 && !p.endsWith("/") && p.indexOf("/.") < 0) {
            return p;
        }
        List<String> out = new ArrayList<>();
        for (String seg : p.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                if (!out.isEmpty()) {
                    out.remove(out.size() - 1);
                }
                continue;
            }
            out.add(seg);
        }
        return "/" + String.join("/", out);
    }

    private List<SnapshotEntry> read(String path, boolean recursive) throws LookupException {
        ZoneSnapshot.Located found = snapshot.locate(path);
        List<SnapshotEntry> out = recursive && !found.below().isEmpty() ? found.below()
                : found.exact() == null ? List.of() : List.of(found.exact());
        if (trace != null) {
            trace.read(path, out);
        }
        if (out.isEmpty()) {
            throw LookupException.notFound();
        }
        return out;
    }

    private static boolean matchesWildcard(String key, String[] nameParts) {
        String[] keyParts = key.split("/", -1);
        for (int i = 0; i < nameParts.length; i++) {
            if (i > keyParts.length - 1) {
                return false;
            }
            String n = nameParts[i];
            if (n.equals("*") || n.equals("any")) {
                continue;
            }
            if (!keyParts[i].equals(n)) {
                return false;
            }
        }
        return true;
    }

    /** {@code msg.Group}, including its quirk: after an early stop later records skip the disagreement check. */
    static List<SnapshotEntry> group(List<SnapshotEntry> sx) {
        if (sx.isEmpty()) {
            return sx;
        }
        String group = sx.get(0).record().group();
        int slashes = sx.get(0).slashes();
        int[] length = new int[sx.size()];
        for (int i = 0; i < sx.size(); i++) {
            SnapshotEntry s = sx.get(i);
            int x = s.slashes();
            length[i] = x;
            if (x < slashes) {
                if (s.record().group().isEmpty()) {
                    break;
                }
                group = s.record().group();
                slashes = x;
            }
        }
        if (group.isEmpty()) {
            return sx;
        }
        List<SnapshotEntry> ret = new ArrayList<>(sx.size());
        for (int i = 0; i < sx.size(); i++) {
            SnapshotEntry s = sx.get(i);
            String g = s.record().group();
            if (g.isEmpty()) {
                ret.add(s);
                continue;
            }
            if (length[i] == slashes && !g.equals(group)) {
                return sx;
            }
            if (g.equals(group)) {
                ret.add(s);
            }
        }
        return ret;
    }
}
