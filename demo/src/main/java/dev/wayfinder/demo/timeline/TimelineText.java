package dev.wayfinder.demo.timeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** How timelines read on a terminal: change lines while they happen, and the summary table at the end. */
public final class TimelineText {

    private TimelineText() {
    }

    /** Seconds with two decimals, e.g. {@code 0.42 s}. */
    public static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.2f s", d.toNanos() / 1e9);
    }

    /** One line per change of one cluster's answer, e.g. {@code   +1.23 s  us-nyc  10.2.1.167 → 10.2.1.98}. */
    public static String change(Duration sinceStepStart, String cluster, Optional<Answer> before, Answer now, Answer expected,
                                int clusterWidth) {
        String mark = now.equals(expected) ? "  ✓" : "";
        String what = before.map(b -> b + " → " + now).orElse(now.toString());
        return String.format(Locale.ROOT, "  %8s  %-" + clusterWidth + "s  %s%s",
                "+" + seconds(sinceStepStart), cluster, what, mark);
    }

    /** The summary: one row per step and cluster with the time until it answered the expected target. */
    public static String summary(List<StepResult> results) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"step", "cluster", "answer", "after"});
        for (StepResult r : results) {
            boolean first = true;
            for (Map.Entry<String, Optional<Duration>> e : r.reached().entrySet()) {
                String after = e.getValue().map(TimelineText::seconds).orElse("not within the limit (last: " + r.last().get(e.getKey()) + ")");
                rows.add(new String[] {first ? r.step() : "", e.getKey(), r.expected().get(e.getKey()).toString(), after});
                first = false;
            }
        }
        int[] width = new int[4];
        for (String[] row : rows) {
            for (int i = 0; i < 4; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            out.append(String.format("  %-" + width[0] + "s  %-" + width[1] + "s  %-" + width[2] + "s  %" + width[3] + "s",
                    (Object[]) row).stripTrailing()).append('\n');
            if (r == 0) {
                out.append("  ").append("-".repeat(width[0] + width[1] + width[2] + width[3] + 6)).append('\n');
            }
        }
        return out.toString();
    }
}
