package dev.wayfinder.registry;

import dev.wayfinder.model.Endpoint;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * For each name, the names of the record sets {@link TxtRegistry#ties tied} to it, counted, so that
 * adding and removing record sets keeps it exact. Mutable; its owner guards it.
 */
public final class Referrers {

    private final Function<Endpoint, Set<String>> ties;
    private final Map<String, Map<String, Integer>> byTarget = new HashMap<>();

    public Referrers(Function<Endpoint, Set<String>> ties) {
        this.ties = ties;
    }

    /** The names {@code e} is tied to besides its own. */
    public Set<String> ties(Endpoint e) {
        return ties.apply(e);
    }

    public void add(Endpoint e) {
        String from = e.name().toString();
        for (String to : ties.apply(e)) {
            byTarget.computeIfAbsent(to, x -> new HashMap<>(2)).merge(from, 1, Integer::sum);
        }
    }

    public void remove(Endpoint e) {
        String from = e.name().toString();
        for (String to : ties.apply(e)) {
            Map<String, Integer> names = byTarget.get(to);
            if (names != null && names.merge(from, -1, Integer::sum) <= 0) {
                names.remove(from);
                if (names.isEmpty()) {
                    byTarget.remove(to);
                }
            }
        }
    }

    /** Adds the names of the record sets tied to {@code name} to {@code into}. */
    public void of(String name, Set<String> into) {
        into.addAll(byTarget.getOrDefault(name, Map.of()).keySet());
    }
}
