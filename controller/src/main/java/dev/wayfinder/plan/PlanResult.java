package dev.wayfinder.plan;

import dev.wayfinder.model.Changes;
import java.util.List;

/** What a plan decided: the changes to apply and the desired records it had to leave out. */
public record PlanResult(Changes changes, List<Conflict> conflicts) {

    public PlanResult {
        conflicts = List.copyOf(conflicts);
    }
}
