package dev.wayfinder.source;

import java.util.List;
import java.util.Map;

/** Reading generic resources' JSON (maps and lists from fabric8's {@code GenericKubernetesResource}), absent parts as empty. */
final class Json {

    private Json() {
    }

    static Object at(Map<String, Object> root, String... path) {
        Object v = root;
        for (String p : path) {
            v = v instanceof Map<?, ?> m ? m.get(p) : null;
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object v) {
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object v) {
        return v instanceof List<?> l ? l.stream().filter(Map.class::isInstance).map(x -> (Map<String, Object>) x).toList() : List.of();
    }

    static List<String> strings(Object v) {
        return v instanceof List<?> l ? l.stream().filter(x -> x != null).map(String::valueOf).toList() : List.of();
    }

    static String str(Object v, String fallback) {
        return v == null || String.valueOf(v).isEmpty() ? fallback : String.valueOf(v);
    }

    /** metav1.Condition: the condition of this type has status True. */
    static boolean conditionTrue(Object conditions, String type) {
        return list(conditions).stream().filter(c -> type.equals(c.get("type"))).findFirst().map(c -> "True".equals(c.get("status")))
                .orElse(false);
    }
}
