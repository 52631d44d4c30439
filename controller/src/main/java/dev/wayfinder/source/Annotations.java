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
 * Reads ExternalDNS's annotations from one object and reports every malformed value as a
 * {@link Problem} naming the object and the annotation.
 *
 * <p>Which prefixes are read ({@link AnnotationPrefixes}): with {@code --annotation-prefix}, that
 * prefix alone, as ExternalDNS does; without it, {@code external-dns.kubernetes.io/} (ExternalDNS
 * v0.22's default) and, for a key it does not set, {@code external-dns.alpha.kubernetes.io/} (v0.21's).
 * Values are read as ExternalDNS's {@code source/annotations/processors.go} reads them.
 */
public final class Annotations {

    public static final String ALPHA_PREFIX = AnnotationPrefixes.ALPHA;
    public static final String PREFIX = AnnotationPrefixes.GA;

    public static final String HOSTNAME = "hostname";
    public static final String INTERNAL_HOSTNAME = "internal-hostname";
    public static final String TTL = "ttl";
    public static final String TARGET = "target";
    public static final String CONTROLLER = "controller";
    public static final String ACCESS = "access";
    public static final String ENDPOINTS_TYPE = "endpoints-type";
    public static final String INGRESS_HOSTNAME_SOURCE = "ingress-hostname-source";
    public static final String GATEWAY_HOSTNAME_SOURCE = "gateway-hostname-source";
    public static final String SET_IDENTIFIER = "set-identifier";
    public static final String RECORD_TYPE = "record-type";
    public static final String COREDNS_GROUP = "coredns-group";
    public static final String INGRESS = "ingress";

    /** processors.go {@code ControllerValue}: the only {@code controller} value ExternalDNS publishes. */
    static final String CONTROLLER_VALUE = "dns-controller";

    private final Map<String, String> values;
    private final AnnotationPrefixes prefixes;
    private final String resource;
    private final List<Problem> problems;

    /** Under the default prefixes. */
    public Annotations(Map<String, String> values, String resource, List<Problem> problems) {
        this(values, AnnotationPrefixes.DEFAULT, resource, problems);
    }

    public Annotations(Map<String, String> values, AnnotationPrefixes prefixes, String resource, List<Problem> problems) {
        this.values = values == null ? Map.of() : values;
        this.prefixes = prefixes;
        this.resource = resource;
        this.problems = problems;
    }

    /** The object these annotations belong to, {@code kind/namespace/name}. */
    public String resource() {
        return resource;
    }

    /** The value under the first prefix that sets it, with the full annotation key it was found under. */
    public Optional<Map.Entry<String, String>> entry(String name) {
        for (String prefix : prefixes.prefixes()) {
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

    /**
     * False when a {@code controller} annotation hands the object to another controller: any value but
     * {@code dns-controller} (processors.go {@code IsControllerMismatch}, compared exactly), or
     * {@code wayfinder}, which Wayfinder also takes as its own.
     */
    public boolean isOurs() {
        return get(CONTROLLER).map(v -> v.equals(CONTROLLER_VALUE) || v.equals("wayfinder")).orElse(true);
    }

    /**
     * Host names from a comma-separated annotation, split as processors.go {@code SplitHostnameAnnotation}
     * does (every space removed); empty parts are skipped, invalid names reported and left out.
     */
    public List<DnsName> hostnames(String name) {
        Optional<Map.Entry<String, String>> e = entry(name);
        if (e.isEmpty()) {
            return List.of();
        }
        List<DnsName> out = new ArrayList<>();
        for (String host : split(e.get().getValue())) {
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

    /**
     * The TTL in seconds as processors.go {@code TTLFromAnnotations}: a Go duration (whole seconds,
     * truncated), else an integer; outside 1…2147483647 or unparsable means "not set" (reported; the
     * record is still published, with the default TTL).
     */
    public OptionalLong ttl() {
        Optional<Map.Entry<String, String>> e = entry(TTL);
        if (e.isEmpty()) {
            return OptionalLong.empty();
        }
        String raw = e.get().getValue();
        OptionalLong seconds = parseTtl(raw);
        if (seconds.isEmpty()) {
            problems.add(new Problem(resource, field(e.get().getKey()),
                    "TTL '" + raw + "' is not a number of seconds or a duration (10m) between 1 and " + Endpoint.MAX_TTL
                    + "; the default TTL applies"));
        }
        return seconds;
    }

    /** processors.go {@code parseTTL} and its range check; empty when either fails. */
    static OptionalLong parseTtl(String raw) {
        long seconds;
        try {
            if (!raw.equals(raw.strip())) {
                return OptionalLong.empty(); // Go parses neither form with surrounding spaces
            }
            seconds = GoDuration.parse(raw).getSeconds();
        } catch (IllegalArgumentException notADuration) {
            try {
                seconds = Long.parseLong(raw);
            } catch (NumberFormatException notANumber) {
                return OptionalLong.empty();
            }
        }
        return seconds >= 1 && seconds <= Endpoint.MAX_TTL ? OptionalLong.of(seconds) : OptionalLong.empty();
    }

    /**
     * The {@code target} annotation as processors.go {@code TargetsFromTargetAnnotation}: spaces removed,
     * split on commas, a trailing dot dropped; empty when absent or empty.
     */
    public List<String> targets() {
        return get(TARGET).map(Annotations::split).orElse(List.of()).stream()
                .map(t -> t.endsWith(".") ? t.substring(0, t.length() - 1) : t).filter(t -> !t.isEmpty()).toList();
    }

    public String targetField() {
        return entry(TARGET).map(e -> field(e.getKey())).orElse(field(prefixes.prefixes().get(0) + TARGET));
    }

    /** {@code set-identifier} (provider_specific.go): part of the record's identity; empty when unset. */
    public String setIdentifier() {
        return get(SET_IDENTIFIER).orElse("");
    }

    /** {@code coredns-group} (provider_specific.go's {@code coredns/group}): the SkyDNS group; empty when unset. */
    public String corednsGroup() {
        return get(COREDNS_GROUP).orElse("");
    }

    /** {@code record-type} as set (ptr opts in to a PTR record, an empty value opts out); empty when absent. */
    public Optional<String> recordType() {
        return get(RECORD_TYPE);
    }

    /** processors.go {@code SplitHostnameAnnotation}, less the empty parts. */
    static List<String> split(String value) {
        return List.of(value.replace(" ", "").strip().split(",")).stream().filter(s -> !s.isEmpty()).toList();
    }

    public static String field(String annotationKey) {
        return "metadata.annotations[" + annotationKey + "]";
    }
}
