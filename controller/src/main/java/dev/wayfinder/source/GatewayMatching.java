package dev.wayfinder.source;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** gateway.go's matching rules: protocols, host names, allowed routes. Pure functions. */
final class GatewayMatching {

    private GatewayMatching() {
    }

    /** gateway.go {@code gwProtocolMatches}: HTTPS counts as HTTP, and a TLS listener takes a TCP route. */
    static boolean protocolMatches(String route, String listener) {
        String a = route.equals("HTTPS") ? "HTTP" : route;
        String b = listener.equals("HTTPS") ? "HTTP" : listener;
        if (a.equals("TCP") && b.equals("TLS")) {
            b = "TCP";
        }
        return a.equals(b);
    }

    /** gateway.go {@code gwMatchingHost}: the more specific of two overlapping host names ("" matches anything, *. a suffix). */
    static Optional<String> matchingHost(String listener, String route) {
        Optional<String> a0 = canonical(listener);
        Optional<String> b0 = canonical(route);
        if (a0.isEmpty() || b0.isEmpty()) {
            return Optional.empty();
        }
        String a = a0.get();
        String b = b0.get();
        if (a.isEmpty()) {
            return Optional.of(b);
        }
        if (b.isEmpty() || a.equals(b)) {
            return Optional.of(a);
        }
        if (b.length() < a.length() || a.length() == b.length() && b.startsWith("*.")) {
            String t = a;
            a = b;
            b = t;
        }
        return a.startsWith("*.") && b.endsWith(a.substring(1)) ? Optional.of(b) : Optional.empty();
    }

    /** gateway.go {@code gwHost}: lower case; an IP address or a name that is not DNS-1123 matches nothing. */
    private static Optional<String> canonical(String host) {
        if (host.isEmpty()) {
            return Optional.of("");
        }
        String name = host.startsWith("*.") ? host.substring(2) : host;
        if (dev.wayfinder.model.IpLiteral.parse(host).isPresent()
                || !name.matches("(?i)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*") || name.length() > 253) {
            return Optional.empty();
        }
        return Optional.of(host.toLowerCase(Locale.ROOT));
    }

    /** gateway.go {@code routeIsAllowed}: the listener's {@code allowedRoutes} namespaces (Same by default) and kinds. */
    static boolean routeAllowed(RouteKind kind, GenericKubernetesResource route, String gatewayNs, Map<String, Object> allowed,
                                Map<String, Map<String, String>> namespaceLabels) {
        Map<String, Object> namespaces = Json.map(allowed.get("namespaces"));
        String from = Json.str(namespaces.get("from"), "Same");
        String routeNs = route.getMetadata().getNamespace();
        boolean nsOk = switch (from) {
            case "All" -> true;
            case "Same" -> gatewayNs.equals(routeNs);
            case "Selector" -> namespaceLabels.containsKey(routeNs) && selects(Json.map(namespaces.get("selector")), namespaceLabels.get(routeNs));
            default -> false;
        };
        if (!nsOk) {
            return false;
        }
        List<Map<String, Object>> kinds = Json.list(allowed.get("kinds"));
        return kinds.isEmpty() || kinds.stream().anyMatch(k -> Json.str(k.get("group"), RouteKind.GROUP).equals(RouteKind.GROUP)
                && Json.str(k.get("kind"), "").equals(kind.kind()));
    }

    /** A metav1.LabelSelector: matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist). */
    static boolean selects(Map<String, Object> selector, Map<String, String> labels) {
        for (Map.Entry<String, Object> e : Json.map(selector.get("matchLabels")).entrySet()) {
            if (!String.valueOf(e.getValue()).equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (Map<String, Object> expr : Json.list(selector.get("matchExpressions"))) {
            String key = Json.str(expr.get("key"), "");
            List<String> values = Json.strings(expr.get("values"));
            boolean ok = switch (Json.str(expr.get("operator"), "")) {
                case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
                case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
                case "Exists" -> labels.containsKey(key);
                case "DoesNotExist" -> !labels.containsKey(key);
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
