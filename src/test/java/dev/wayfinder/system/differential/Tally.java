package dev.wayfinder.system.differential;

import dev.wayfinder.system.differential.DifferentialRig.Outcome;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Running figures of a differential run: trees, questions, and how many replies each verdict (and row) covered. */
final class Tally {

    private final long started = System.nanoTime();
    private int trees;
    private int questions;
    private final Map<String, Integer> verdicts = new TreeMap<>();

    synchronized void add(List<Outcome> outcomes) {
        trees++;
        questions += outcomes.size();
        for (Outcome o : outcomes) {
            String key = switch (o.verdict().kind()) {
                case SAME -> "same";
                case EXPLAINED -> "row " + String.join("+", o.verdict().rows().stream().map(KnownDifferences.Row::id).toList());
                case UNEXPLAINED -> "unexplained";
            };
            verdicts.merge(key, 1, Integer::sum);
        }
    }

    synchronized int trees() {
        return trees;
    }

    synchronized int questions() {
        return questions;
    }

    @Override
    public synchronized String toString() {
        return trees + " trees, " + questions + " questions, " + verdicts + ", " + String.format("%.1f s", (System.nanoTime() - started) / 1e9);
    }
}
