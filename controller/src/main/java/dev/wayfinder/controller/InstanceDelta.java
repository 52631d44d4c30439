package dev.wayfinder.controller;

import java.util.List;

/**
 * What changed from one list of desired endpoints to the next, compared by instance: the sources keep the
 * instances of unchanged objects' endpoints, so the common head and tail are unchanged and what lies between
 * them was removed and added. Finding it walks references only, which keeps the bookkeeping a pass does over
 * every desired name (100,000 at scale) proportional to what changed.
 *
 * @param removed the entries of the earlier list between the common head and tail
 * @param added   the entries of the later list between them
 */
record InstanceDelta<T>(List<T> removed, List<T> added) {

    static <T> InstanceDelta<T> between(List<T> before, List<T> after) {
        int n = before.size();
        int m = after.size();
        int head = 0;
        while (head < n && head < m && before.get(head) == after.get(head)) {
            head++;
        }
        int tail = 0;
        while (tail < n - head && tail < m - head && before.get(n - 1 - tail) == after.get(m - 1 - tail)) {
            tail++;
        }
        return new InstanceDelta<>(before.subList(head, n - tail), after.subList(head, m - tail));
    }

    boolean isEmpty() {
        return removed.isEmpty() && added.isEmpty();
    }
}
