package dev.wayfinder.system.externaldns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wayfinder.model.txt.HeritageLabels;
import dev.wayfinder.model.txt.TxtNames;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads a store the way ExternalDNS v0.22 reads it at the start of every sync, to tell whether it
 * would manage a name again after a rollback: its provider's {@code Records()} and then its TXT
 * registry's {@code Records()}, which leaves each endpoint's {@code owner} label. A test oracle,
 * written from ExternalDNS's source (each step cites it); the TXT name mapping and the label
 * parsing are {@link TxtNames} and {@link HeritageLabels}, checked against ExternalDNS's own test
 * cases ({@code TxtNamesTest}, {@code HeritageLabelsTest}).
 */
final class ExternalDnsReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One endpoint as ExternalDNS's registry hands it to the plan. */
    record Seen(String name, String type, List<String> targets, Map<String, String> labels) {
        String owner() {
            return labels.getOrDefault("owner", "");
        }
    }

    private ExternalDnsReader() {
    }

    /**
     * The coredns provider (provider/coredns/coredns.go) over etcd's {@code key → value}, then the TXT registry.
     *
     * @param strictlyOwned {@code --coredns-strictly-owned} with {@code --txt-owner-id=owner}
     */
    static List<Seen> coredns(Map<String, String> etcd, String prefix, String domain, TxtNames names, boolean strictlyOwned, String owner)
            throws Exception {
        List<MutableEndpoint> result = new ArrayList<>();
        for (Map.Entry<String, String> kv : new TreeMap<>(etcd).entrySet()) {
            // GetServices, coredns.go:125-152: every value under the prefix is unmarshalled (an error fails the whole sync);
            // strictly owned, values of other owners are skipped (:130-132).
            JsonNode svc = JSON.readTree(kv.getValue());
            String svcOwner = text(svc, "owner");
            if (strictlyOwned && !svcOwner.equals(owner)) {
                continue;
            }
            String host = text(svc, "host");
            String txt = text(svc, "text");
            int targetstrip = svc.path("targetstrip").asInt(0);
            // Records, coredns.go:324-331: the key reversed, targetstrip labels dropped; outside the domain filter skipped.
            List<String> domains = new ArrayList<>(List.of(kv.getKey().substring(prefix.length()).split("/", -1)));
            Collections.reverse(domains);
            String dnsName = String.join(".", domains.subList(targetstrip, domains.size()));
            if (!matches(dnsName, domain)) {
                continue;
            }
            String labelPrefix = String.join(".", domains.subList(0, targetstrip));
            if (!host.isEmpty()) {
                // coredns.go:333-359: a value with a host joins the endpoint of its name (any type) or starts one,
                // typed by its host (endpoint/utils.go:37-46), PTR under the reverse zones.
                Optional<MutableEndpoint> found = result.stream().filter(e -> e.name.equals(dnsName)).findFirst();
                MutableEndpoint ep = found.orElseGet(() -> new MutableEndpoint(dnsName,
                        dnsName.endsWith(".in-addr.arpa") || dnsName.endsWith(".ip6.arpa") ? "PTR" : suitableType(host)));
                ep.targets.add(host);
                if (strictlyOwned) {
                    ep.labels.put("owner", svcOwner);
                }
                ep.labels.put("originalText", txt);
                ep.labels.put("prefix", labelPrefix);
                ep.labels.put(host, labelPrefix);
                result.add(ep);
            }
            if (!txt.isEmpty()) {
                // coredns.go:361-372: text makes a TXT endpoint of its own.
                MutableEndpoint ep = new MutableEndpoint(dnsName, "TXT");
                ep.targets.add(txt);
                if (strictlyOwned) {
                    ep.labels.put("owner", svcOwner);
                }
                ep.labels.put("prefix", labelPrefix);
                result.add(ep);
            }
        }
        return txtRegistry(result, names);
    }

    /**
     * The rfc2136 provider's {@code Records()} (provider/rfc2136/rfc2136.go:221-275) over an AXFR given as
     * {@code (name, type, data)} rows, then the TXT registry: records of one name and type make one endpoint.
     */
    static List<Seen> rfc2136(List<String[]> transfer, TxtNames names) {
        List<MutableEndpoint> result = new ArrayList<>();
        for (String[] rr : transfer) {
            String name = rr[0];
            String type = rr[1];
            Optional<MutableEndpoint> same = result.stream().filter(e -> e.name.equals(name) && e.type.equals(type)).findFirst();
            MutableEndpoint ep = same.orElseGet(() -> {
                MutableEndpoint e = new MutableEndpoint(name, type);
                result.add(e);
                return e;
            });
            ep.targets.add(rr[2]);
        }
        return txtRegistry(result, names);
    }

    /** registry/txt/registry.go:185-307 {@code Records()}: the registry records taken out, their labels copied onto what they claim. */
    private static List<Seen> txtRegistry(List<MutableEndpoint> records, TxtNames names) {
        Map<String, Map<String, String>> labelMap = new HashMap<>();
        List<MutableEndpoint> endpoints = new ArrayList<>();
        for (MutableEndpoint r : records) {
            if (!r.type.equals("TXT")) {
                endpoints.add(r);
                continue;
            }
            // :214-227: only the first target is read; without heritage it stays an ordinary record.
            Optional<Map<String, String>> labels = HeritageLabels.parse(r.targets.get(0));
            if (labels.isEmpty()) {
                endpoints.add(r);
                continue;
            }
            // :229-235: keyed by the name and type the mapper reads from the TXT name ("" when it reads none).
            Optional<TxtNames.Owned> owned = names.toEndpointName(r.name);
            String key = owned.map(o -> o.name() + "|" + o.type()).orElse("|");
            labelMap.put(key, labels.get());
        }
        List<Seen> out = new ArrayList<>();
        for (MutableEndpoint ep : endpoints) {
            // :244-249: a leading "*" replaced; :256: the typed key; :272-275: else, but for AAAA, the untyped one.
            String name = ep.name;
            if (!names.wildcardReplacement().isEmpty() && (name.equals("*") || name.startsWith("*."))) {
                name = names.wildcardReplacement() + name.substring(1);
            }
            Map<String, String> labels = labelMap.get(name + "|" + ep.type);
            if (labels == null && !ep.type.equals("AAAA")) {
                labels = labelMap.get(name + "|");
            }
            if (labels != null) {
                ep.labels.putAll(labels); // :276-278 maps.Copy
            }
            out.add(new Seen(ep.name, ep.type, List.copyOf(ep.targets), Map.copyOf(ep.labels)));
        }
        return out;
    }

    /** endpoint/domain_filter.go:134-155 for one filter without a leading dot. */
    private static boolean matches(String name, String domain) {
        return name.equals(domain) || name.endsWith("." + domain);
    }

    /** endpoint/utils.go:37-46 {@code SuitableType}. */
    private static String suitableType(String target) {
        if (target.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return "A";
        }
        return target.contains(":") ? "AAAA" : "CNAME";
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    /** ExternalDNS's endpoints are mutable and shared between its lists; so are these, inside the reader. */
    private static final class MutableEndpoint {
        final String name;
        final String type;
        final List<String> targets = new ArrayList<>();
        final Map<String, String> labels = new LinkedHashMap<>();

        MutableEndpoint(String name, String type) {
            this.name = name;
            this.type = type;
        }
    }
}
