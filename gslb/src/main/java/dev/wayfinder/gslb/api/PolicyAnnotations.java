package dev.wayfinder.gslb.api;

import dev.wayfinder.gslb.strategy.AllUnhealthyBehaviour;
import dev.wayfinder.gslb.strategy.GslbPolicy;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Wayfinder's extras beyond k8gb's schema, as annotations on the Gslb so k8gb's CRD and manifests stay unchanged.
 * Each problem names the annotation.
 */
public final class PolicyAnnotations {

    public static final String PREFIX = "wayfinder.dev/";
    public static final String FAILOVER_ORDER = PREFIX + "failover-order";
    public static final String FAILBACK_HOLD_DOWN = PREFIX + "failback-hold-down";
    public static final String MIN_HEALTHY_ENDPOINTS = PREFIX + "min-healthy-endpoints";
    public static final String ALL_UNHEALTHY = PREFIX + "all-unhealthy";
    public static final String PEER_GRACE = PREFIX + "peer-grace";
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    private PolicyAnnotations() {
    }

    /** {@code base} with the extras applied; problems are added to {@code problems}. */
    public static GslbPolicy apply(GslbPolicy base, Map<String, String> annotations, List<String> problems) {
        Map<String, String> a = annotations == null ? Map.of() : annotations;
        List<String> order = base.failoverOrder();
        String orderText = a.get(FAILOVER_ORDER);
        if (orderText != null) {
            order = Arrays.stream(orderText.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
            order.stream().filter(t -> !GslbParser.GEO_TAG.matcher(t).matches())
                    .forEach(t -> problems.add(field(FAILOVER_ORDER) + ": '" + t + "' must match " + GslbParser.GEO_TAG.pattern()));
            if (order.isEmpty()) {
                problems.add(field(FAILOVER_ORDER) + ": lists no geo tag");
            }
            if (!base.failoverOrder().isEmpty() && !order.isEmpty() && !order.get(0).equals(base.failoverOrder().get(0))) {
                problems.add(field(FAILOVER_ORDER) + ": starts with '" + order.get(0) + "' but spec.strategy.primaryGeoTag is '"
                        + base.failoverOrder().get(0) + "'");
            }
        }
        Duration holdDown = duration(a, FAILBACK_HOLD_DOWN, problems).orElse(base.failbackHoldDown());
        Duration grace = duration(a, PEER_GRACE, problems).orElse(base.peerGrace());
        int minHealthy = integer(a, MIN_HEALTHY_ENDPOINTS, 1, problems).orElse(base.minHealthyEndpoints());
        AllUnhealthyBehaviour behaviour = base.allUnhealthy();
        String b = a.get(ALL_UNHEALTHY);
        if ("nxdomain".equals(b)) {
            behaviour = AllUnhealthyBehaviour.NXDOMAIN;
        } else if ("keep-last-known".equals(b)) {
            behaviour = AllUnhealthyBehaviour.KEEP_LAST_KNOWN;
        } else if (b != null) {
            problems.add(field(ALL_UNHEALTHY) + ": '" + b + "' is not nxdomain or keep-last-known");
        }
        return new GslbPolicy(base.type(), order, holdDown, minHealthy, behaviour, base.weights(), base.ttlSeconds(), grace);
    }

    private static String field(String annotation) {
        return "metadata.annotations[" + annotation + "]";
    }

    /** "90s", "5m", "1h", "500ms" or ISO-8601 ("PT1M30S"). */
    static Optional<Duration> duration(Map<String, String> a, String key, List<String> problems) {
        String text = a.get(key);
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = SHORT_DURATION.matcher(text.trim());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return Optional.of(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            });
        }
        try {
            Duration d = Duration.parse(text.trim());
            if (!d.isNegative()) {
                return Optional.of(d);
            }
        } catch (DateTimeParseException e) {
            // reported below with the accepted forms
        }
        problems.add(field(key) + ": '" + text + "' is not a duration such as 90s, 5m, 1h or PT1M30S");
        return Optional.empty();
    }

    private static Optional<Integer> integer(Map<String, String> a, String key, int min, List<String> problems) {
        String text = a.get(key);
        if (text == null) {
            return Optional.empty();
        }
        if (text.trim().matches("\\d{1,9}") && Integer.parseInt(text.trim()) >= min) {
            return Optional.of(Integer.parseInt(text.trim()));
        }
        problems.add(field(key) + ": '" + text + "' is not a whole number >= " + min);
        return Optional.empty();
    }
}
