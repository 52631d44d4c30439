package dev.wayfinder.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes label-selector syntax ({@code a=b}, {@code a!=b}, {@code a}, {@code !a},
 * {@code a in (x,y)}, {@code a notin (x,y)}, comma-separated, all must hold), evaluated against a
 * map: the labels for {@code --label-filter}, the annotations for {@code --annotation-filter}.
 */
public final class Selector implements Predicate<Map<String, String>> {

    public static final Selector ALL = new Selector("", List.of());

    private static final Pattern SET = Pattern.compile("\\s*([^\\s!=,()]+)\\s+(in|notin)\\s+\\(([^)]*)\\)\\s*");
    private static final Pattern EQ = Pattern.compile("\\s*([^\\s!=,()]+)\\s*(==|=|!=)\\s*([^\\s!=,()]*)\\s*");
    private static final Pattern EXISTS = Pattern.compile("\\s*(!?)\\s*([^\\s!=,()]+)\\s*");

    private final String text;
    private final List<Predicate<Map<String, String>>> terms;

    private Selector(String text, List<Predicate<Map<String, String>>> terms) {
        this.text = text;
        this.terms = terms;
    }

    /** Parses the selector; throws {@link IllegalArgumentException} naming the bad term. */
    public static Selector parse(String text) {
        if (text == null || text.isBlank()) {
            return ALL;
        }
        List<Predicate<Map<String, String>>> terms = new ArrayList<>();
        for (String term : splitTerms(text)) {
            Matcher m;
            if ((m = SET.matcher(term)).matches()) {
                String key = m.group(1);
                Set<String> values = Set.copyOf(List.of(m.group(3).split("\\s*,\\s*")).stream().map(String::trim).toList());
                boolean in = m.group(2).equals("in");
                // Set.of rejects contains(null): a missing key is "not in" every set.
                terms.add(map -> {
                    String v = map.get(key);
                    return in ? v != null && values.contains(v) : v == null || !values.contains(v);
                });
            } else if ((m = EQ.matcher(term)).matches()) {
                String key = m.group(1);
                String value = m.group(3);
                boolean equal = !m.group(2).equals("!=");
                terms.add(map -> equal == value.equals(map.get(key)));
            } else if ((m = EXISTS.matcher(term)).matches()) {
                String key = m.group(2);
                boolean present = m.group(1).isEmpty();
                terms.add(map -> present == map.containsKey(key));
            } else {
                throw new IllegalArgumentException("cannot parse selector term '" + term.trim() + "' in '" + text + "'");
            }
        }
        return new Selector(text.trim(), List.copyOf(terms));
    }

    /** Splits on commas outside parentheses. */
    private static List<String> splitTerms(String text) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (char c : text.toCharArray()) {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == ',' && depth == 0) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    @Override
    public boolean test(Map<String, String> map) {
        if (terms.isEmpty()) {
            return true; // no --label-filter: every object, without a stream per object and pass
        }
        Map<String, String> m = map == null ? Map.of() : map;
        return terms.stream().allMatch(t -> t.test(m));
    }

    @Override
    public String toString() {
        return text.isEmpty() ? "(everything)" : text;
    }
}
