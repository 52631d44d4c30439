package dev.wayfinder.source;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.IpLiteral;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.MxTarget;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.model.SrvTarget;
import dev.wayfinder.model.skydns.SkyDnsKeys;
import dev.wayfinder.source.api.Problem;
import dev.wayfinder.source.api.SourceResult;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * DNSEndpoint ({@code externaldns.k8s.io/v1alpha1}) → endpoints: each {@code spec.endpoints[i]}
 * as written ({@code dnsName}, {@code recordType}, {@code targets}, {@code recordTTL},
 * {@code setIdentifier}). An entry that is malformed is reported by its index and skipped; the
 * object's other entries are still published.
 */
public final class DnsEndpointSource {

    public static final String GROUP = "externaldns.k8s.io";
    public static final String VERSION = "v1alpha1";
    public static final String KIND = "DNSEndpoint";
    public static final String PLURAL = "dnsendpoints";
    static final String RESOURCE_KIND = "crd";

    private DnsEndpointSource() {
    }

    public static SourceResult endpoints(GenericKubernetesResource crd) {
        String resource = Resources.of(RESOURCE_KIND, crd);
        List<Problem> problems = new ArrayList<>();
        if (!new Annotations(crd.getMetadata().getAnnotations(), resource, problems).isOurs()) {
            return SourceResult.EMPTY;
        }
        List<Endpoint> out = new ArrayList<>();
        Object spec = crd.getAdditionalProperties().get("spec");
        Object list = spec instanceof Map<?, ?> m ? m.get("endpoints") : null;
        if (list instanceof List<?> entries) {
            for (int i = 0; i < entries.size(); i++) {
                String field = "spec.endpoints[" + i + "]";
                try {
                    if (!(entries.get(i) instanceof Map<?, ?> entry)) {
                        throw new IllegalArgumentException("is not an object");
                    }
                    endpoint(entry, resource).ifPresent(out::add);
                } catch (RuntimeException e) {
                    problems.add(new Problem(resource, field, e.getMessage()));
                }
            }
        }
        return new SourceResult(out, problems);
    }

    private static Optional<Endpoint> endpoint(Map<?, ?> entry, String resource) {
        DnsName name = DnsName.of(string(entry, "dnsName").orElseThrow(() -> new IllegalArgumentException("dnsName is missing")));
        RecordType type = RecordType.parse(string(entry, "recordType").orElse("A"));
        List<String> targets = new ArrayList<>();
        if (entry.get("targets") instanceof List<?> raw) {
            for (Object t : raw) {
                targets.add(checkTarget(type, String.valueOf(t).trim()));
            }
        }
        if (targets.isEmpty()) {
            return Optional.empty();
        }
        // What SkyDNS in etcd cannot express is refused here, per entry, so it cannot hold up a whole apply.
        switch (type) {
            case NS -> throw new IllegalArgumentException("recordType NS cannot be published as SkyDNS records; publish the name servers'"
                    + " addresses instead");
            case CNAME -> {
                if (targets.size() != 1) {
                    throw new IllegalArgumentException("a CNAME has exactly one target, got " + targets.size());
                }
            }
            case PTR -> {
                if (targets.size() != 1 || !SkyDnsKeys.isReverse(name)) {
                    throw new IllegalArgumentException("a PTR has one target and a name under in-addr.arpa or ip6.arpa");
                }
            }
            default -> {
            }
        }
        long ttl = 0;
        Object rawTtl = entry.get("recordTTL");
        if (rawTtl != null) {
            ttl = rawTtl instanceof Number n ? n.longValue() : -1;
            if (ttl < 0 || ttl > Endpoint.MAX_TTL) {
                throw new IllegalArgumentException("recordTTL '" + rawTtl + "' is not a number of seconds between 0 and " + Endpoint.MAX_TTL);
            }
        }
        String set = string(entry, "setIdentifier").orElse("");
        return Optional.of(new Endpoint(name, type, targets, ttl, set, Metadata.owned("", resource)));
    }

    private static String checkTarget(RecordType type, String target) {
        switch (type) {
            case A, AAAA -> {
                if (IpLiteral.addressType(target).orElse(null) != type) {
                    throw new IllegalArgumentException("target '" + target + "' is not an " + (type == RecordType.A ? "IPv4" : "IPv6") + " address");
                }
                return IpLiteral.canonical(IpLiteral.parse(target).orElseThrow());
            }
            case CNAME, NS, PTR -> {
                if (target.endsWith(".") || IpLiteral.parse(target).isPresent()) {
                    throw new IllegalArgumentException("target '" + target + "' must be a host name without a trailing dot");
                }
                return DnsName.hostname(target).toString();
            }
            case SRV -> {
                return SrvTarget.parse(target).text();
            }
            case MX -> {
                return MxTarget.parse(target).text();
            }
            default -> {
                return target;
            }
        }
    }

    private static Optional<String> string(Map<?, ?> entry, String key) {
        Object v = entry.get(key);
        return v == null || String.valueOf(v).isBlank() ? Optional.empty() : Optional.of(String.valueOf(v).trim());
    }
}
