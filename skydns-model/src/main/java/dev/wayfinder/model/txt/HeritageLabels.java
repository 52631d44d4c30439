package dev.wayfinder.model.txt;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The text of an ExternalDNS TXT registry record: {@code heritage=external-dns,external-dns/owner=X,…}.
 * Parsed and written exactly as ExternalDNS v0.22 does it in {@code endpoint/labels.go}:
 * <ul>
 *   <li>parse (labels.go:60-87, {@code NewLabelsFromStringPlain}): every leading and trailing {@code "}
 *       trimmed, tokens split at {@code ,}, each cut at its first {@code =}; a {@code heritage} other
 *       than {@code external-dns} or none at all means "not a registry record"; keys starting with
 *       {@code external-dns} lose the {@code external-dns/} prefix and become labels;</li>
 *   <li>write (labels.go:108-127, {@code SerializePlain}): {@code heritage=external-dns}, then the
 *       labels as {@code external-dns/<key>=<value>} sorted by key, optionally in double quotes
 *       (the TXT registry writes them quoted: registry/txt/registry.go:344).</li>
 * </ul>
 * Encrypted texts ({@code --txt-encrypt-enabled}) do not parse: they are not read as registry records.
 */
public final class HeritageLabels {

    public static final String HERITAGE = "external-dns";
    /** labels.go:34 {@code OwnerLabelKey}. */
    public static final String OWNER = "owner";
    /** labels.go:36 {@code ResourceLabelKey}. */
    public static final String RESOURCE = "resource";

    private HeritageLabels() {
    }

    /** The labels of a registry text, or empty when the text is not one (no or another heritage). */
    public static Optional<Map<String, String>> parse(String text) {
        String t = trimQuotes(text);
        Map<String, String> labels = new LinkedHashMap<>();
        boolean heritage = false;
        for (String token : t.split(",", -1)) {
            int eq = token.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = token.substring(0, eq);
            String value = token.substring(eq + 1);
            if (key.equals("heritage")) {
                if (!value.equals(HERITAGE)) {
                    return Optional.empty();
                }
                heritage = true;
            } else if (key.startsWith(HERITAGE)) {
                labels.put(key.startsWith(HERITAGE + "/") ? key.substring(HERITAGE.length() + 1) : key, value);
            }
        }
        return heritage ? Optional.of(labels) : Optional.empty();
    }

    /** True when {@code text} is an ExternalDNS registry text. */
    public static boolean isRegistryText(String text) {
        return parse(text).isPresent();
    }

    /** The owner a registry text names ({@code ""} when it names none), or empty when it is not a registry text. */
    public static Optional<String> owner(String text) {
        return parse(text).map(l -> l.getOrDefault(OWNER, ""));
    }

    /** The text ExternalDNS writes for {@code labels}: sorted, in double quotes when {@code quoted}. */
    public static String format(Map<String, String> labels, boolean quoted) {
        StringBuilder sb = new StringBuilder("heritage=").append(HERITAGE);
        new TreeMap<>(labels).forEach((k, v) -> sb.append(',').append(HERITAGE).append('/').append(k).append('=').append(v));
        return quoted ? "\"" + sb + "\"" : sb.toString();
    }

    /** Go's {@code strings.Trim(s, "\"")}: every leading and trailing double quote. */
    private static String trimQuotes(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && s.charAt(from) == '"') {
            from++;
        }
        while (to > from && s.charAt(to - 1) == '"') {
            to--;
        }
        return s.substring(from, to);
    }
}
