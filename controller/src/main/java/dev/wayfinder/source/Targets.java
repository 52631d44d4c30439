package dev.wayfinder.source;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.InvalidDnsNameException;
import dev.wayfinder.model.IpLiteral;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.source.api.Problem;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;

/** Sorts raw targets into A, AAAA and CNAME, and builds one endpoint per host and type. */
public final class Targets {

    private Targets() {
    }

    /** IPv4 → A, IPv6 → AAAA, a valid host name → CNAME; anything else is reported and dropped. */
    public static Map<RecordType, List<String>> byType(Collection<String> raw, String resource, String field, List<Problem> problems) {
        Map<RecordType, List<String>> out = new EnumMap<>(RecordType.class);
        for (String t : raw) {
            String target = t.trim();
            Optional<RecordType> address = IpLiteral.addressType(target);
            if (address.isPresent()) {
                Optional<InetAddress> ip = IpLiteral.parse(target);
                out.computeIfAbsent(address.get(), k -> new ArrayList<>()).add(ip.map(IpLiteral::canonical).orElse(target));
                continue;
            }
            try {
                DnsName name = DnsName.hostname(target);
                if (name.isWildcard()) {
                    throw new InvalidDnsNameException(target, "a target cannot be a wildcard");
                }
                out.computeIfAbsent(RecordType.CNAME, k -> new ArrayList<>()).add(name.toString());
            } catch (InvalidDnsNameException e) {
                problems.add(new Problem(resource, field, "target '" + target + "' is neither an IP address nor a host name: " + e.getMessage()));
            }
        }
        return out;
    }

    /**
     * One endpoint per host and type. A CNAME with several targets is invalid DNS, so only the
     * smallest is kept and the rest are reported.
     */
    public static List<Endpoint> endpoints(Collection<DnsName> hosts, Map<RecordType, List<String>> targets, OptionalLong ttl,
                                           String resource, String field, List<Problem> problems) {
        List<Endpoint> out = new ArrayList<>();
        Map<RecordType, List<String>> usable = new EnumMap<>(targets);
        List<String> cnames = usable.get(RecordType.CNAME);
        if (cnames != null) {
            List<String> sorted = new ArrayList<>(new TreeSet<>(cnames));
            boolean hasAddresses = usable.containsKey(RecordType.A) || usable.containsKey(RecordType.AAAA);
            if (hasAddresses) {
                usable.remove(RecordType.CNAME);
                problems.add(new Problem(resource, field, "targets mix addresses and host names " + sorted
                        + "; the host names are ignored (a CNAME cannot share its name)"));
            } else if (sorted.size() > 1) {
                usable.put(RecordType.CNAME, List.of(sorted.get(0)));
                problems.add(new Problem(resource, field, "a name can be an alias of one host only; using " + sorted.get(0)
                        + " and ignoring " + sorted.subList(1, sorted.size())));
            }
        }
        for (DnsName host : new TreeSet<>(hosts)) {
            usable.forEach((type, list) -> {
                if (!list.isEmpty()) {
                    out.add(new Endpoint(host, type, list, ttl.orElse(Endpoint.TTL_UNSET), "", Metadata.owned("", resource)));
                }
            });
        }
        return out;
    }
}
