package dev.wayfinder.source;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --fqdn-template}: ExternalDNS's Go templates ({@code source/template/engine.go}) over an
 * object, for the part of Go's template language such templates use: text, field paths
 * ({@code {{.Name}}}, {@code {{.Namespace}}}, {@code {{.Labels.app}}}, {@code {{.Spec.ClusterIP}}}, with
 * the promoted metadata fields), {@code index}, pipelines, string literals, and ExternalDNS's
 * string functions ({@code toLower}, {@code trimPrefix}, {@code trimSuffix}, {@code trim},
 * {@code replace}, {@code contains}) plus {@code printf "%s"}. A template using anything else
 * ({@code if}, {@code range}…) is refused at start-up naming the construct, never evaluated wrongly.
 * Several templates are joined with commas and the output split on commas, as engine.go does.
 */
public final class FqdnTemplate {

    public static final FqdnTemplate NONE = new FqdnTemplate(List.of(), "");

    private static final Pattern ACTION = Pattern.compile("\\{\\{(-?)\\s*(.*?)\\s*(-?)}}", Pattern.DOTALL);
    private static final Pattern TOKEN = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|(\\|)|([^\\s|\"]+)");
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    /** Literal text and actions, in order: a String is text, a List of commands is a pipeline. */
    private final List<Object> parts;
    private final String text;

    private FqdnTemplate(List<Object> parts, String text) {
        this.parts = parts;
        this.text = text;
    }

    /** Parses the templates (joined with commas); throws {@link IllegalArgumentException} naming what is not supported. */
    public static FqdnTemplate parse(List<String> templates) {
        String joined = String.join(",", templates.stream().filter(t -> !t.isBlank()).toList());
        if (joined.isBlank()) {
            return NONE;
        }
        List<Object> parts = new ArrayList<>();
        Matcher m = ACTION.matcher(joined);
        int at = 0;
        while (m.find()) {
            String before = joined.substring(at, m.start());
            parts.add(m.group(1).isEmpty() ? before : before.stripTrailing());
            parts.add(pipeline(m.group(2), joined));
            at = m.end();
            if (!m.group(3).isEmpty()) {
                while (at < joined.length() && Character.isWhitespace(joined.charAt(at))) {
                    at++;
                }
            }
        }
        parts.add(joined.substring(at));
        if (joined.substring(at).contains("{{")) {
            throw new IllegalArgumentException("--fqdn-template: unclosed action in '" + joined + "'");
        }
        return new FqdnTemplate(List.copyOf(parts), joined);
    }

    private static List<List<String>> pipeline(String action, String template) {
        List<List<String>> commands = new ArrayList<>();
        List<String> current = new ArrayList<>();
        Matcher t = TOKEN.matcher(action);
        while (t.find()) {
            if (t.group(2) != null) {
                commands.add(current);
                current = new ArrayList<>();
            } else if (t.group(1) != null) {
                current.add("\"" + t.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
            } else {
                String word = t.group(3);
                if (!word.startsWith(".") && !Functions.KNOWN.contains(word)) {
                    throw new IllegalArgumentException("--fqdn-template: '" + word + "' in '" + template + "' is not supported here"
                            + " (supported: field paths such as .Name, index, printf and " + Functions.KNOWN + ")");
                }
                current.add(word);
            }
        }
        commands.add(current);
        if (commands.stream().anyMatch(List::isEmpty)) {
            throw new IllegalArgumentException("--fqdn-template: empty command in '{{" + action + "}}'");
        }
        return commands;
    }

    public boolean isSet() {
        return !parts.isEmpty();
    }

    /** The host names the template gives for {@code object}: split on commas, trimmed, trailing dot dropped, sorted, no duplicates. */
    public List<String> hosts(HasMetadata object) {
        if (!isSet()) {
            return List.of();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> data = JSON.convertValue(object, Map.class);
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof String s) {
                out.append(s);
            } else {
                @SuppressWarnings("unchecked")
                List<List<String>> commands = (List<List<String>>) part;
                Object value = null;
                for (int i = 0; i < commands.size(); i++) {
                    value = Functions.run(commands.get(i), data, i == 0 ? Optional.empty() : Optional.of(value));
                }
                out.append(Functions.print(value));
            }
        }
        TreeSet<String> hosts = new TreeSet<>();
        for (String h : out.toString().split(",")) {
            String name = h.strip();
            name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
            if (!name.isEmpty()) {
                hosts.add(name);
            }
        }
        return List.copyOf(hosts);
    }

    @Override
    public String toString() {
        return text;
    }
}
