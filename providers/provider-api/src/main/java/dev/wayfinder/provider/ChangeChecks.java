package dev.wayfinder.provider;

import dev.wayfinder.model.Changes;
import dev.wayfinder.model.Endpoint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks every provider makes on a batch before it writes anything, whatever the store holds. */
public final class ChangeChecks {

    private ChangeChecks() {
    }

    /**
     * Record sets outside {@code filter}, and record sets named more than once in the batch (the
     * plan gives each key one action), each as a message naming the record set.
     */
    public static List<String> outsideOrRepeated(Changes changes, DomainFilter filter) {
        List<String> problems = new ArrayList<>();
        Set<Endpoint.Key> seen = new HashSet<>();
        changes.keys().forEach(k -> {
            if (!filter.matches(k.name())) {
                problems.add(k + ": outside the domain filter " + filter);
            }
            if (!seen.add(k)) {
                problems.add(k + ": named more than once in one batch");
            }
        });
        return problems;
    }
}
