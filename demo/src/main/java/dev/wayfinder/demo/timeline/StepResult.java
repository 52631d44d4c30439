package dev.wayfinder.demo.timeline;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One step of a timeline: what each cluster was expected to answer for {@code name}, and how long after the step
 * began it first did (empty: not within the step's time limit, with the answer it gave last).
 */
public record StepResult(String step, String name, Map<String, Answer> expected, Map<String, Optional<Duration>> reached, Map<String, Answer> last) {

    public StepResult {
        expected = new LinkedHashMap<>(expected);
        reached = new LinkedHashMap<>(reached);
        last = new LinkedHashMap<>(last);
    }

    public boolean complete() {
        return reached.values().stream().allMatch(Optional::isPresent);
    }

    /** The clusters that never gave their expected answer. */
    public List<String> missed() {
        return reached.entrySet().stream().filter(e -> e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
    }
}
