package dev.wayfinder.source;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.IpLiteral;
import dev.wayfinder.model.RecordType;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.ReverseMap;

/**
 * What an object's annotations add to every record it asks for, after its names and targets are
 * known: {@code set-identifier} and {@code coredns-group} (ExternalDNS's
 * {@code source/annotations/provider_specific.go}), and the PTR records of {@code --create-ptr} or
 * {@code record-type: ptr} ({@code source/wrappers/ptr.go}).
 */
final class ObjectAnnotations {

    private ObjectAnnotations() {
    }

    /** The object's endpoints with its set identifier and group, plus its PTR records when asked for. */
    static List<Endpoint> apply(Annotations ann, List<Endpoint> endpoints, boolean createPtr) {
        String setIdentifier = ann.setIdentifier();
        String group = ann.corednsGroup();
        List<Endpoint> out = new ArrayList<>(endpoints.size());
        for (Endpoint e : endpoints) {
            Endpoint d = e;
            if (!setIdentifier.isEmpty() && d.setIdentifier().isEmpty()) {
                d = d.withSetIdentifier(setIdentifier);
            }
            if (!group.isEmpty()) {
                d = d.withMetadata(d.metadata().withGroup(group));
            }
            out.add(d);
        }
        out.addAll(ptr(out, ann.recordType(), createPtr));
        return out;
    }

    /**
     * ptr.go {@code generatePTREndpoints}, for one object: each A/AAAA target (not of a wildcard) gets a
     * PTR naming the record, when {@code --create-ptr} is on or the object says {@code record-type: ptr};
     * {@code record-type} with any other value (empty included) opts out. Names sharing an address share its PTR.
     */
    static List<Endpoint> ptr(List<Endpoint> endpoints, Optional<String> recordType, boolean createPtr) {
        boolean enabled = recordType.map(v -> v.toUpperCase(Locale.ROOT).equals("PTR")).orElse(createPtr);
        if (!enabled) {
            return List.of();
        }
        Map<DnsName, List<String>> names = new LinkedHashMap<>();
        Map<DnsName, Long> ttls = new LinkedHashMap<>();
        Map<DnsName, Endpoint> first = new LinkedHashMap<>();
        for (Endpoint e : endpoints) {
            if (!e.type().isAddress() || e.name().isWildcard()) {
                continue;
            }
            for (String target : e.targets()) {
                Optional<InetAddress> ip = IpLiteral.parse(target);
                if (ip.isEmpty()) {
                    continue;
                }
                DnsName reverse = DnsName.of(ReverseMap.fromAddress(ip.get()).toString());
                names.computeIfAbsent(reverse, r -> new ArrayList<>()).add(e.name().toString());
                ttls.merge(reverse, e.ttl(), Math::min); // ptr.go keeps the smallest TTL
                first.putIfAbsent(reverse, e);
            }
        }
        List<Endpoint> out = new ArrayList<>();
        names.forEach((reverse, targets) -> out.add(new Endpoint(reverse, RecordType.PTR, targets, ttls.get(reverse), "",
                first.get(reverse).metadata())));
        return out;
    }
}
