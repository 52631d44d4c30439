package dev.wayfinder.source;

import dev.wayfinder.model.Endpoint;
import dev.wayfinder.source.api.Problem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The endpoints of many objects, laid end to end in a stable order, kept up to date object by
 * object: replacing one object's endpoints by as many others overwrites them in place, so the list
 * changes only where the object's endpoints are (a pass can then tell what changed by position);
 * any other change splices the list. An object that goes leaves an empty slot, so no other object
 * moves in the order; {@link #clear()} starts afresh.
 *
 * <p>Mutable; used by one thread at a time.
 */
final class SourceParts {

    private final Map<String, Integer> slots = new HashMap<>();
    // Per slot: where its endpoints start, and how many there are.
    private int[] starts = new int[16];
    private int[] sizes = new int[16];
    private int used;
    private final ArrayList<Endpoint> endpoints = new ArrayList<>();
    private final Map<String, List<Problem>> problems = new java.util.TreeMap<>();

    void clear() {
        slots.clear();
        used = 0;
        endpoints.clear();
        problems.clear();
    }

    /** The endpoints of every object, in order (a view: valid until the next change). */
    List<Endpoint> endpoints() {
        return endpoints;
    }

    /** The problems of every object. */
    List<Problem> problems() {
        List<Problem> all = new ArrayList<>();
        problems.values().forEach(all::addAll);
        return all;
    }

    /** Sets what object {@code key} comes to: new objects go at the end. */
    void put(String key, List<Endpoint> of, List<Problem> problemsOf) {
        if (problemsOf.isEmpty()) {
            problems.remove(key);
        } else {
            problems.put(key, List.copyOf(problemsOf));
        }
        Integer slot = slots.get(key);
        if (slot == null) {
            if (used == starts.length) {
                starts = java.util.Arrays.copyOf(starts, used * 2);
                sizes = java.util.Arrays.copyOf(sizes, used * 2);
            }
            slots.put(key, used);
            starts[used] = endpoints.size();
            sizes[used] = of.size();
            used++;
            endpoints.addAll(of);
            return;
        }
        int start = starts[slot];
        int size = sizes[slot];
        if (size == of.size()) {
            for (int i = 0; i < size; i++) {
                endpoints.set(start + i, of.get(i));
            }
            return;
        }
        endpoints.subList(start, start + size).clear();
        endpoints.addAll(start, of);
        sizes[slot] = of.size();
        shiftAfter(slot, of.size() - size);
    }

    /** Object {@code key} is gone (or no longer selected). */
    void remove(String key) {
        problems.remove(key);
        Integer slot = slots.remove(key);
        if (slot == null) {
            return;
        }
        int start = starts[slot];
        int size = sizes[slot];
        endpoints.subList(start, start + size).clear();
        sizes[slot] = 0;
        shiftAfter(slot, -size);
    }

    private void shiftAfter(int slot, int by) {
        if (by == 0) {
            return;
        }
        for (int s = slot + 1; s < used; s++) {
            starts[s] += by;
        }
    }
}
