package dev.wayfinder.source;

import java.util.Map;

/**
 * What a re-list found that the watched caches did not hold: objects deleted, added or changed
 * behind the watch's back. Objects changed between the re-list and the comparison count too, so
 * these are upper bounds; on a healthy watch they are zero or close to it.
 */
public record Drift(int deleted, int added, int changed) {

    public static final Drift NONE = new Drift(0, 0, 0);

    /** Pure: per kind, object key → {@code uid@resourceVersion}, before (the watched caches) and after (the fresh lists). */
    static Drift between(Map<String, Map<String, String>> watched, Map<String, Map<String, String>> listed) {
        int deleted = 0;
        int added = 0;
        int changed = 0;
        for (Map.Entry<String, Map<String, String>> kind : watched.entrySet()) {
            Map<String, String> now = listed.getOrDefault(kind.getKey(), Map.of());
            for (Map.Entry<String, String> o : kind.getValue().entrySet()) {
                String version = now.get(o.getKey());
                if (version == null) {
                    deleted++;
                } else if (!version.equals(o.getValue())) {
                    changed++;
                }
            }
            added += (int) now.keySet().stream().filter(k -> !kind.getValue().containsKey(k)).count();
        }
        return new Drift(deleted, added, changed);
    }

    public int total() {
        return deleted + added + changed;
    }

    @Override
    public String toString() {
        return deleted + " deleted, " + added + " added, " + changed + " changed";
    }
}
