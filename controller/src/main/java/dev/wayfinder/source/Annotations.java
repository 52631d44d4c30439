package dev.wayfinder.source;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.GoDuration;
import dev.wayfinder.model.InvalidDnsNameException;
import dev.wayfinder.source.api.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads ExternalDNS's annotations from one object, under either prefix
 * ({@code external-dns.alpha.kubernetes.io/} first, then {@code external-dns.kubernetes.io/}), and
 * reports every malformed value as a {@link Problem} naming the object and the annotation.
 */
public final class Annotations {

    public static final String ALPHA_PREFIX = "external-dns.alpha.kubernetes.io/";
    public static final String PREFIX = "external-dns.kubernetes.io/";

    public static final String HOSTNAME = "hostname";
    public static final String INTERNAL_HOSTNAME = "internal-hostname";
    public static final String TTL = "ttl";
    public static final String TARGET = "target";
    public static final String CONTROLLER = "controller";
    public static final String ACCESS = "access";
    public static final String ENDPOINTS_TYPE = "endpoints-type";
    public static final String INGRESS_HOSTNAME_SOURCE = "ingress-hostname-source";


    private final Map<String, String> values;
    private final String resource;
    private final List<Problem> problems;

    public Annotations(Map<String, String> values, String resource, List<Problem> problems) {
        this.values = values == null ? Map.of() : values;
        this.resource = resource;
        this.problems = problems;
    }

    /** The object these annotations belong to, {@code kind/namespace/name}. */
    public String resource() {
        return resource;
    }

    /** The value under either prefix, with the full annotation key it was found under. */
    public Optional<Map.Entry<String, String>> entry(String name) {
        for (String prefix : List.of(ALPHA_PREFIX, PREFIX)) {
            String v = values.get(prefix + name);
            if (v != null) {
                return Optional.of(Map.entry(prefix + name, v));
            }
        }
        return Optional.empty();
    }

    public Optional<String> get(String name) {
        return entry(name).map(Map.Entry::getValue);
    }

    /** True unless a {@code controller} annotation hands the object to another controller. */
    public boolean isOurs() {
        return get(CONTROLLER).map(String::trim).map(v -> v.equals("dns-controller") || v.equals("wayfinder")).orElse(true);
    }

    /** Host names from a comma-separated annotation; invalid ones are reported and left out. */
    public List<DnsName> hostnames(String name) {
        Optional<Map.Entry<String, String>> e = entry(name);
        if (e.isEmpty()) {
            return List.of();
        }
        List<DnsName> out = new ArrayList<>();
        for (String part : e.get().getValue().split(",")) {
            String host = part.trim();
            if (host.isEmpty()) {
                continue;
            }
            hostname(host, field(e.get().getKey())).ifPresent(out::add);
        }
        return out;
    }

    /** A host name checked strictly; reported under {@code field} when invalid. */
    public Optional<DnsName> hostname(String host, String field) {
        try {
            return Optional.of(DnsName.hostname(host));
        } catch (InvalidDnsNameException ex) {
            problems.add(new Problem(resource, field, "invalid host name: " + ex.getMessage()));
            return Optional.empty();
        }
    }

    /** The TTL in seconds: integer seconds or a Go duration such as {@code 10m}; empty when absent or invalid (reported). */
    public OptionalLong ttl() {
        Optional<Map.Entry<String, String>> e = entry(TTL);
        if (e.isEmpty()) {
            return OptionalLong.empty();
        }
        String raw = e.get().getValue().trim();
        OptionalLong seconds = parseTtl(raw);
        if (seconds.isEmpty()) {
            problems.add(new Problem(resource, field(e.get().getKey()),
                    "TTL '" + raw + "' is not a whole number of seconds (or a duration like 10m) between 1 and " + Endpoint.MAX_TTL));
        }
        return seconds;
    }

    static OptionalLong parseTtl(String raw) {
        long seconds;
        if (raw.matches("\\d{1,10}")) {
            seconds = Long.parseLong(raw);
        } else if (raw.matches("(\\d+(h|m|s))+")) {
            seconds = GoDuration.parse(raw).getSeconds();
        } else {
            return OptionalLong.empty();
        }
        return seconds >= 1 && seconds <= Endpoint.MAX_TTL ? OptionalLong.of(seconds) : OptionalLong.empty();
    }

    /** The comma-separated {@code target} annotation, raw; empty when absent. */
    public List<String> targets() {
        return get(TARGET).map(v -> List.of(v.split(","))).orElse(List.of()).stream()
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public String targetField() {
        return entry(TARGET).map(e -> field(e.getKey())).orElse(field(ALPHA_PREFIX + TARGET));
    }

    public static String field(String annotationKey) {
        return "metadata.annotations[" + annotationKey + "]";
    }
}
