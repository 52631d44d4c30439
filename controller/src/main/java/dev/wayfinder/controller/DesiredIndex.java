package dev.wayfinder.controller;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.registry.Referrers;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The desired endpoints of the last pass, kept so that the next pass finds the names whose desired
 * record sets changed without comparing their contents: the sources hand back the same endpoint
 * instance for an object that did not change (memoised by version), so a pass over 100,000
 * endpoints costs an identity lookup each. An equal endpoint built afresh only makes its name be
 * planned again. Keeps each endpoint's provider form ({@code adjust}), computed once per instance,
 * and the endpoints by name with their ties ({@link Referrers}) for the names a pass must take.
 *
 * <p>Mutable; used by one reconcile loop.
 */
final class DesiredIndex {

    /** An endpoint instance: its provider form, where it came first in the pass, and how often the pass listed it. */
    private static final class Held {
        final Endpoint raw;
        Endpoint adjusted;
        int position;
        int count;
        int before;

        Held(Endpoint raw) {
            this.raw = raw;
        }
    }

    /** What a pass's endpoints came to. */
    record Update(List<Endpoint> adjusted, Set<DnsName> changed) {
    }

    private IdentityHashMap<Endpoint, Held> held = new IdentityHashMap<>();
    private final Map<DnsName, List<Held>> byName = new HashMap<>();
    private final Referrers referrers;
    private final long[] byType = new long[RecordType.values().length];
    private List<Endpoint> lastDesired = List.of();
    private List<Endpoint> lastAdjusted = List.of();

    DesiredIndex(Function<Endpoint, Set<String>> ties) {
        this.referrers = new Referrers(ties);
    }

    /**
     * Takes this pass's desired endpoints: returns their provider forms, in order, and the names
     * (before and after {@code adjust}) whose endpoints differ from the last pass's.
     */
    Update update(List<Endpoint> desired, UnaryOperator<Endpoint> adjust) {
        Update quick = desired.size() == lastDesired.size() ? replaced(desired, adjust) : null;
        Update out = quick != null ? quick : relisted(desired, adjust);
        lastDesired = desired;
        lastAdjusted = out.adjusted();
        return out;
    }

    /** How many desired endpoints there are of each type (by {@link RecordType} ordinal), as listed. */
    long[] byType() {
        return byType.clone();
    }

    /**
     * The common case, an object changed in place: the list is as long as last pass's and differs in a
     * few positions, each holding a new instance where the old one is listed no more. Compares the two
     * lists position by position (no endpoint is read) and looks only at those positions. Null when the
     * change is anything else.
     */
    private Update replaced(List<Endpoint> desired, UnaryOperator<Endpoint> adjust) {
        int n = desired.size();
        List<Integer> moved = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (desired.get(i) != lastDesired.get(i) && moved.size() < n / 8 + 16) {
                moved.add(i);
            } else if (desired.get(i) != lastDesired.get(i)) {
                return null;
            }
        }
        if (moved.isEmpty()) {
            return new Update(lastAdjusted, Set.of());
        }
        IdentityHashMap<Held, Integer> leaving = new IdentityHashMap<>();
        for (int i : moved) {
            leaving.merge(held.get(lastDesired.get(i)), 1, Integer::sum);
        }
        IdentityHashMap<Endpoint, Held> arriving = new IdentityHashMap<>();
        for (int i : moved) {
            Endpoint e = desired.get(i);
            if (held.containsKey(e)) {
                return null; // an instance listed before moved or repeated: not a replacement
            }
            Held h = arriving.computeIfAbsent(e, Held::new);
            if (h.count == 0) {
                h.position = i;
            }
            h.count++;
        }
        for (Map.Entry<Held, Integer> l : leaving.entrySet()) {
            if (l.getKey().count != l.getValue()) {
                return null; // still listed elsewhere
            }
        }
        Set<DnsName> changed = new HashSet<>();
        leaving.keySet().forEach(h -> {
            held.remove(h.raw);
            unindex(h, changed);
        });
        List<Held> fresh = new ArrayList<>(arriving.values());
        adjust(fresh, adjust);
        fresh.forEach(h -> {
            held.put(h.raw, h);
            index(h, changed);
        });
        List<Endpoint> out = new ArrayList<>(lastAdjusted);
        for (int i : moved) {
            out.set(i, arriving.get(desired.get(i)).adjusted);
        }
        return new Update(out, changed);
    }

    /** Anything else (objects added or removed): every endpoint looked up. */
    private Update relisted(List<Endpoint> desired, UnaryOperator<Endpoint> adjust) {
        IdentityHashMap<Endpoint, Held> next = new IdentityHashMap<>(Math.max(16, desired.size()));
        List<Held> fresh = new ArrayList<>();
        int position = 0;
        for (Endpoint e : desired) {
            Held h = next.get(e);
            if (h == null) {
                h = held.remove(e);
                if (h == null) {
                    h = new Held(e);
                    fresh.add(h);
                } else {
                    h.before = h.count;
                }
                h.count = 0;
                h.position = position;
                next.put(e, h);
            }
            h.count++;
            position++;
        }
        Set<DnsName> changed = new HashSet<>();
        adjust(fresh, adjust);
        fresh.forEach(h -> index(h, changed));
        held.values().forEach(h -> unindex(h, changed));
        List<Endpoint> out = new ArrayList<>(desired.size());
        for (Endpoint e : desired) {
            Held h = next.get(e);
            out.add(h.adjusted);
            if (h.count != h.before && h.before > 0) {
                // listed more or fewer times than before (never the case for the sources' own objects)
                changed(h, changed);
                byType[h.raw.type().ordinal()] += h.count - h.before;
                h.before = h.count;
            }
        }
        held = next;
        return new Update(out, changed);
    }

    /** New instances are adjusted on both cores: on the first pass that is every endpoint. */
    private static void adjust(List<Held> fresh, UnaryOperator<Endpoint> adjust) {
        List<Endpoint> adjusted = fresh.size() < 64 ? fresh.stream().map(h -> adjust.apply(h.raw)).toList()
                : fresh.parallelStream().map(h -> adjust.apply(h.raw)).toList();
        for (int i = 0; i < fresh.size(); i++) {
            fresh.get(i).adjusted = adjusted.get(i);
        }
    }

    private void index(Held h, Set<DnsName> changed) {
        byName.computeIfAbsent(h.adjusted.name(), n -> new ArrayList<>(1)).add(h);
        referrers.add(h.adjusted);
        byType[h.raw.type().ordinal()] += h.count;
        changed(h, changed);
    }

    private void unindex(Held h, Set<DnsName> changed) {
        List<Held> at = byName.get(h.adjusted.name());
        if (at != null && at.remove(h) && at.isEmpty()) {
            byName.remove(h.adjusted.name());
        }
        referrers.remove(h.adjusted);
        byType[h.raw.type().ordinal()] -= h.count;
        changed(h, changed);
    }

    private static void changed(Held h, Set<DnsName> changed) {
        changed.add(h.raw.name());
        changed.add(h.adjusted.name());
    }

    /**
     * The provider forms of the desired endpoints at {@code names}, each as often as the last pass
     * listed it and in the order it first came there.
     */
    List<Endpoint> at(Collection<DnsName> names) {
        List<Held> found = new ArrayList<>();
        for (DnsName n : names) {
            found.addAll(byName.getOrDefault(n, List.of()));
        }
        found.sort(Comparator.comparingInt(h -> h.position));
        List<Endpoint> out = new ArrayList<>(found.size());
        for (Held h : found) {
            for (int i = 0; i < h.count; i++) {
                out.add(h.adjusted);
            }
        }
        return out;
    }

    /** Adds to {@code into} the names tied to {@code name} by the desired endpoints at it, and those of the endpoints tied to it. */
    void tiesOf(String name, Set<String> into) {
        referrers.of(name, into);
        try {
            byName.getOrDefault(DnsName.of(name), List.of()).forEach(h -> into.addAll(referrers.ties(h.adjusted)));
        } catch (dev.wayfinder.model.InvalidDnsNameException e) {
            // a tie to a text that is no DNS name: nothing is desired there
        }
    }
}
