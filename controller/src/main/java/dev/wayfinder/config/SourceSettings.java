package dev.wayfinder.config;

import dev.wayfinder.model.GoDuration;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.source.AnnotationPrefixes;
import dev.wayfinder.source.FqdnTemplate;
import dev.wayfinder.source.RecordTypes;
import dev.wayfinder.source.Selector;
import dev.wayfinder.source.SourceOptions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** Turns the source flags into {@link SourceOptions}, folding their violations into the controller's list. */
final class SourceSettings {

    private static final Set<String> SERVICE_TYPES = Set.of("ClusterIP", "NodePort", "LoadBalancer", "ExternalName");

    private SourceSettings() {
    }

    static SourceOptions parse(RawSources raw, List<String> violations) {
        AnnotationPrefixes prefixes = check(violations, () -> AnnotationPrefixes.of(raw.annotationPrefix()), AnnotationPrefixes.DEFAULT);
        FqdnTemplate template = check(violations, () -> FqdnTemplate.parse(raw.fqdnTemplates()), FqdnTemplate.NONE);
        if (raw.ignoreHostnameAnnotation() && !template.isSet()) {
            violations.add("--ignore-hostname-annotation: needs --fqdn-template (else no object has a name)");
        }
        Set<String> types = new HashSet<>();
        for (String t : split(raw.serviceTypes())) {
            if (!SERVICE_TYPES.contains(t)) {
                violations.add("--service-type-filter: unsupported service type '" + t + "' (expected ClusterIP, NodePort, LoadBalancer"
                        + " or ExternalName)");
            }
            types.add(t);
        }
        Selector gatewayLabels = check(violations, () -> Selector.parse(raw.gatewayLabelFilter()), Selector.ALL);
        Set<RecordType> managed = recordTypes("--managed-record-types", raw.managedRecordTypes(), violations);
        Set<RecordType> excluded = recordTypes("--exclude-record-types", raw.excludeRecordTypes(), violations);
        return new SourceOptions(prefixes, raw.ignoreHostnameAnnotation(), template, raw.combineFqdnAnnotation(), raw.publishInternal(),
                raw.publishHostIp(), raw.alwaysPublishNotReady(), types, raw.excludeUnschedulable(), raw.exposeInternalIpv6(),
                split(raw.ingressClasses()), raw.ignoreIngressTls(), raw.ignoreIngressRules(), raw.createPtr(), raw.podSourceDomain().trim(),
                raw.ignoreNonHostNetworkPods(), new SourceOptions.GatewayFilter(raw.gatewayName(), raw.gatewayNamespace(), gatewayLabels),
                new RecordTypes(managed, excluded));
    }

    /** {@code --min-ttl}: whole seconds of a Go duration (or plain seconds), 0 for none. */
    static long minTtl(RawSources raw, List<String> violations) {
        Duration d = duration("--min-ttl", raw.minTtl(), violations);
        return d.getSeconds();
    }

    /** A Go duration, or plain seconds as ExternalDNS's --min-ttl also takes; zero after a violation. */
    static Duration duration(String flag, String text, List<String> violations) {
        try {
            return text == null || text.isBlank() ? Duration.ZERO : text.trim().matches("\\d+") ? Duration.ofSeconds(Long.parseLong(text.trim()))
                    : GoDuration.parse(text);
        } catch (IllegalArgumentException e) {
            violations.add(flag + ": " + e.getMessage());
            return Duration.ZERO;
        }
    }

    private static Set<RecordType> recordTypes(String flag, List<String> values, List<String> violations) {
        Set<RecordType> out = EnumSet.noneOf(RecordType.class);
        for (String v : split(values)) {
            try {
                out.add(RecordType.parse(v));
            } catch (IllegalArgumentException e) {
                violations.add(flag + ": " + e.getMessage());
            }
        }
        return out;
    }

    static List<String> split(List<String> values) {
        return values.stream().flatMap(v -> Stream.of(v.split("\\r?\\n|,"))).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static <T> T check(List<String> violations, Supplier<T> parse, T fallback) {
        try {
            return parse.get();
        } catch (RuntimeException e) {
            violations.add(e.getMessage());
            return fallback;
        }
    }
}
