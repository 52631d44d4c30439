package dev.wayfinder.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The commands of {@link FqdnTemplate}: field paths over an object's JSON with Go's names, and the functions. */
final class Functions {

    /** ExternalDNS's string functions ({@code source/template/functions.go}) and the Go built-ins supported. */
    static final Set<String> KNOWN = Set.of("index", "printf", "toLower", "trimPrefix", "trimSuffix", "trim", "replace", "contains");

    /** Fields Go promotes from an object's embedded ObjectMeta. */
    private static final Set<String> META = Set.of("name", "namespace", "labels", "annotations", "uid", "generation", "resourceversion",
            "creationtimestamp", "ownerreferences", "finalizers", "generatename");

    private Functions() {
    }

    /** Runs one command; {@code piped} is the previous command's value, passed as the last argument. */
    static Object run(List<String> command, Map<String, Object> data, Optional<Object> piped) {
        String head = command.get(0);
        List<Object> args = new ArrayList<>();
        for (String a : command.subList(head.startsWith(".") || head.startsWith("\"") ? 0 : 1, command.size())) {
            args.add(a.startsWith("\"") ? a.substring(1) : field(data, a));
        }
        piped.ifPresent(args::add);
        if (head.startsWith(".") || head.startsWith("\"")) {
            if (args.size() != 1) {
                throw new IllegalArgumentException("--fqdn-template: '" + String.join(" ", command) + "' is not a command");
            }
            return args.get(0);
        }
        return switch (head) {
            case "index" -> index(args);
            case "printf" -> String.format(Locale.ROOT, print(args.get(0)).replace("%v", "%s"),
                    args.subList(1, args.size()).stream().map(Functions::print).toArray());
            case "toLower" -> print(arg(args, 0, 1, head)).toLowerCase(Locale.ROOT);
            case "trim" -> print(arg(args, 0, 1, head)).strip();
            case "trimPrefix" -> {
                String s = print(arg(args, 1, 2, head));
                String p = print(args.get(0));
                yield s.startsWith(p) ? s.substring(p.length()) : s;
            }
            case "trimSuffix" -> {
                String s = print(arg(args, 1, 2, head));
                String p = print(args.get(0));
                yield s.endsWith(p) ? s.substring(0, s.length() - p.length()) : s;
            }
            case "replace" -> print(arg(args, 2, 3, head)).replace(print(args.get(0)), print(args.get(1)));
            // Go's strings.Contains(s, substr): the first argument is the string searched.
            case "contains" -> print(arg(args, 0, 2, head)).contains(print(args.get(1)));
            default -> throw new IllegalArgumentException("--fqdn-template: unknown function " + head);
        };
    }

    private static Object arg(List<Object> args, int i, int count, String function) {
        if (args.size() != count) {
            throw new IllegalArgumentException("--fqdn-template: " + function + " takes " + count + " argument(s), got " + args.size());
        }
        return args.get(i);
    }

    private static Object index(List<Object> args) {
        Object v = args.get(0);
        for (Object key : args.subList(1, args.size())) {
            v = v instanceof Map<?, ?> m ? m.get(print(key)) : null;
        }
        // ExternalDNS's templates see a missing key as "" (functions.go's note on index).
        return v == null ? "" : v;
    }

    /** A field path with Go's names: exact JSON key first, else a case-insensitive one; metadata fields are promoted. */
    @SuppressWarnings("unchecked")
    static Object field(Map<String, Object> data, String path) {
        Object v = data;
        String[] names = path.substring(1).split("\\.");
        for (int i = 0; i < names.length; i++) {
            String name = names[i];
            if (name.isEmpty()) {
                continue;
            }
            if (i == 0 && META.contains(name.toLowerCase(Locale.ROOT)) && data.get("metadata") instanceof Map<?, ?> meta) {
                v = meta;
            }
            if (i == 0 && name.equals("ObjectMeta")) {
                v = data.get("metadata");
                continue;
            }
            v = v instanceof Map<?, ?> m ? lookup((Map<String, Object>) m, name) : null;
        }
        return v;
    }

    private static Object lookup(Map<String, Object> m, String name) {
        if (m.containsKey(name)) {
            return m.get(name);
        }
        if (Character.isUpperCase(name.charAt(0))) {
            for (Map.Entry<String, Object> e : m.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue();
                }
            }
        }
        return null;
    }

    /** Go's printing of a value: a missing field or map key is {@code <no value>}. */
    static String print(Object v) {
        return v == null ? "<no value>" : v.toString();
    }
}
