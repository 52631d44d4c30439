package dev.wayfinder.gslb.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wayfinder.gslb.api.GslbSpec.ResourceRef;
import dev.wayfinder.gslb.api.GslbSpec.ServiceHealthPolicy;
import dev.wayfinder.gslb.records.GslbRecords;
import dev.wayfinder.gslb.strategy.GslbPolicy;
import dev.wayfinder.gslb.strategy.StrategyType;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.InvalidDnsNameException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads a Gslb of either API group, reporting every problem at once, each naming its field. */
public final class GslbParser {

    public static final List<String> API_VERSIONS = List.of("k8gb.absa.oss/v1beta1", "k8gb.io/v1beta1");
    public static final Pattern GEO_TAG = Pattern.compile("^[a-zA-Z\\-\\d]+$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private GslbParser() {
    }

    public static GslbSpec parse(GenericKubernetesResource resource) {
        return parse(JSON.<JsonNode>valueToTree(resource));
    }

    /** With this cluster's {@code --gslb-peer-grace} as the grace of Gslbs that do not set {@code wayfinder.dev/peer-grace}. */
    public static GslbSpec parse(GenericKubernetesResource resource, Duration defaultPeerGrace) {
        return parse(JSON.<JsonNode>valueToTree(resource), defaultPeerGrace);
    }

    public static GslbSpec parse(JsonNode root) {
        return parse(root, GslbPolicy.DEFAULT_PEER_GRACE);
    }

    public static GslbSpec parse(JsonNode root, Duration defaultPeerGrace) {
        String ns = root.path("metadata").path("namespace").asText("");
        String name = root.path("metadata").path("name").asText("");
        String object = "Gslb " + (ns.isEmpty() ? "" : ns + "/") + (name.isEmpty() ? "<unnamed>" : name);
        List<String> problems = new ArrayList<>();
        String apiVersion = root.path("apiVersion").asText("");
        if (!API_VERSIONS.contains(apiVersion)) {
            problems.add("apiVersion: '" + apiVersion + "' is not " + String.join(" or ", API_VERSIONS));
        }
        if (!"Gslb".equals(root.path("kind").asText())) {
            problems.add("kind: '" + root.path("kind").asText("") + "' is not Gslb");
        }
        if (name.isEmpty()) {
            problems.add("metadata.name: required");
        }
        JsonNode spec = root.path("spec");
        if (!spec.isObject()) {
            problems.add("spec: required");
            throw new GslbValidationException(object, problems);
        }
        List<DnsName> hosts = new ArrayList<>();
        Map<DnsName, List<String>> services = new LinkedHashMap<>();
        Optional<Map<String, Object>> ingress = Optional.empty();
        Optional<ResourceRef> ref = Optional.empty();
        boolean hasIngress = spec.path("ingress").isObject() && !spec.path("ingress").isEmpty();
        boolean hasRef = spec.path("resourceRef").isObject() && !spec.path("resourceRef").isEmpty();
        if (hasIngress && hasRef) {
            problems.add("spec: set either ingress or resourceRef, not both");
        } else if (!hasIngress && !hasRef) {
            problems.add("spec: one of ingress or resourceRef is required");
        } else if (hasIngress) {
            ingress = Optional.of(JSON.convertValue(spec.path("ingress"), new TypeReference<Map<String, Object>>() { }));
            ingressRules(spec.path("ingress"), hosts, services, problems);
        } else {
            ref = Optional.of(resourceRef(spec.path("resourceRef"), problems));
        }
        GslbStrategySpec strategy = strategy(spec.path("strategy"), "spec.strategy", problems);
        ServiceHealthPolicy health = serviceHealthPolicy(spec.path("serviceHealthPolicy"), apiVersion, problems);
        Map<String, String> annotations = root.path("metadata").path("annotations").isObject()
                ? JSON.convertValue(root.path("metadata").path("annotations"), new TypeReference<Map<String, String>>() { })
                : Map.of();
        GslbPolicy policy = PolicyAnnotations.apply(strategy.toPolicy().withPeerGrace(defaultPeerGrace), annotations, problems);
        Optional<ProbeSpec> probe = probe(annotations, problems);
        List<String> exposed = exposedIps(annotations, problems);
        Optional<DnsName> hostname = Optional.ofNullable(annotations.get(GslbSpec.HOSTNAME))
                .flatMap(h -> host(h, annotationField(GslbSpec.HOSTNAME), problems));
        List<DnsName> exposedHostnames = exposedHostnames(annotations, problems);
        if (!problems.isEmpty()) {
            throw new GslbValidationException(object, problems);
        }
        return new GslbSpec(apiVersion, ns, name, hosts, services, ingress, ref, strategy, health, policy, probe, exposed, hostname,
                exposedHostnames);
    }

    private static String annotationField(String key) {
        return "metadata.annotations[" + key + "]";
    }

    private static Optional<ProbeSpec> probe(Map<String, String> annotations, List<String> problems) {
        String value = annotations.get(ProbeSpec.ANNOTATION);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ProbeSpec.parse(value));
        } catch (IllegalArgumentException e) {
            problems.add(annotationField(ProbeSpec.ANNOTATION) + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** k8gb accepts IPv4 only; IPv6 is accepted too, since Wayfinder publishes AAAA. */
    private static List<String> exposedIps(Map<String, String> annotations, List<String> problems) {
        String value = annotations.get(GslbSpec.EXPOSED_IP_ADDRESSES);
        if (value == null) {
            return List.of();
        }
        List<String> ips = new ArrayList<>();
        for (String part : value.split(",")) {
            String ip = part.trim();
            if (ip.isEmpty()) {
                continue;
            }
            java.util.Optional<java.net.InetAddress> parsed = dev.wayfinder.model.IpLiteral.parse(ip);
            if (parsed.isEmpty()) {
                problems.add(annotationField(GslbSpec.EXPOSED_IP_ADDRESSES) + ": '" + ip + "' is not an IP address");
            } else {
                ips.add(dev.wayfinder.model.IpLiteral.canonical(parsed.get()));
            }
        }
        if (ips.isEmpty() && problems.stream().noneMatch(p -> p.startsWith(annotationField(GslbSpec.EXPOSED_IP_ADDRESSES)))) {
            problems.add(annotationField(GslbSpec.EXPOSED_IP_ADDRESSES) + ": no address given");
        }
        return ips;
    }

    /** k8gb's {@code ResolveHostnames} (controllers/utils/dns.go): comma-separated, blanks skipped, at least one. */
    private static List<DnsName> exposedHostnames(Map<String, String> annotations, List<String> problems) {
        String value = annotations.get(GslbSpec.EXPOSED_HOSTNAMES);
        if (value == null) {
            return List.of();
        }
        String field = annotationField(GslbSpec.EXPOSED_HOSTNAMES);
        List<DnsName> names = new ArrayList<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                host(part.trim(), field, problems).filter(n -> !names.contains(n)).ifPresent(names::add);
            }
        }
        if (names.isEmpty() && problems.stream().noneMatch(p -> p.startsWith(field))) {
            problems.add(field + ": no host name given");
        }
        return names;
    }

    private static void ingressRules(JsonNode ingress, List<DnsName> hosts, Map<DnsName, List<String>> services, List<String> problems) {
        JsonNode rules = ingress.path("rules");
        if (!rules.isArray() || rules.isEmpty()) {
            problems.add("spec.ingress.rules: at least one rule is required");
            return;
        }
        for (int i = 0; i < rules.size(); i++) {
            String at = "spec.ingress.rules[" + i + "]";
            JsonNode rule = rules.get(i);
            Optional<DnsName> host = host(rule.path("host").asText(""), at + ".host", problems);
            JsonNode paths = rule.path("http").path("paths");
            if (!paths.isArray() || paths.isEmpty()) {
                problems.add(at + ".http.paths: required (k8gb needs http on every rule)");
                continue;
            }
            List<String> names = new ArrayList<>();
            for (int j = 0; j < paths.size(); j++) {
                String svc = paths.get(j).path("backend").path("service").path("name").asText("");
                if (svc.isEmpty()) {
                    problems.add(at + ".http.paths[" + j + "].backend.service.name: required");
                } else if (!names.contains(svc)) {
                    names.add(svc);
                }
            }
            host.ifPresent(h -> {
                if (!hosts.contains(h)) {
                    hosts.add(h);
                }
                services.merge(h, names, (a, b) -> {
                    List<String> all = new ArrayList<>(a);
                    b.stream().filter(s -> !all.contains(s)).forEach(all::add);
                    return all;
                });
            });
        }
    }

    public static Optional<DnsName> host(String text, String field, List<String> problems) {
        try {
            DnsName host = DnsName.hostname(text);
            if (host.toString().startsWith(GslbRecords.LOCAL_PREFIX)) {
                // Peers read localtargets-<host>: a Gslb host of that form would write into another host's targets.
                problems.add(field + ": '" + text + "' starts with " + GslbRecords.LOCAL_PREFIX + ", which names the targets peers poll");
                return Optional.empty();
            }
            return Optional.of(host);
        } catch (InvalidDnsNameException e) {
            problems.add(field + ": '" + text + "' " + e.reason());
            return Optional.empty();
        }
    }

    private static ResourceRef resourceRef(JsonNode ref, List<String> problems) {
        String at = "spec.resourceRef";
        Optional<String> name = text(ref.path("name"));
        Map<String, String> labels = JSON.convertValue(ref.path("matchLabels").isObject() ? ref.path("matchLabels")
                : JSON.createObjectNode(), new TypeReference<Map<String, String>>() { });
        List<Map<String, Object>> exprs = JSON.convertValue(ref.path("matchExpressions").isArray() ? ref.path("matchExpressions")
                : JSON.createArrayNode(), new TypeReference<List<Map<String, Object>>>() { });
        if (name.isEmpty() && labels.isEmpty() && exprs.isEmpty()) {
            problems.add(at + ": name, matchLabels or matchExpressions is required");
        }
        if (name.isPresent() && !(labels.isEmpty() && exprs.isEmpty())) {
            problems.add(at + ": name and a label selector are exclusive");
        }
        String apiVersion = ref.path("apiVersion").asText("");
        String kind = ref.path("kind").asText("");
        if (apiVersion.isEmpty()) {
            problems.add(at + ".apiVersion: required");
        }
        if (kind.isEmpty()) {
            problems.add(at + ".kind: required");
        }
        return new ResourceRef(apiVersion, kind, name, text(ref.path("namespace")), labels, exprs);
    }

    /** Also used for the Ingress annotation path, where {@code at} names the annotation. */
    static GslbStrategySpec strategy(JsonNode s, String at, List<String> problems) {
        String typeText = s.path("type").asText("");
        Optional<StrategyType> type = StrategyType.fromWire(typeText);
        if (typeText.isEmpty()) {
            problems.add(at + ".type: required");
        } else if (type.isEmpty()) {
            problems.add(at + ".type: '" + typeText + "' is not roundRobin, failover, weightRoundRobin or geoip");
        }
        Optional<String> primary = text(s.path("primaryGeoTag"));
        primary.filter(p -> !GEO_TAG.matcher(p).matches())
                .ifPresent(p -> problems.add(at + ".primaryGeoTag: '" + p + "' must match " + GEO_TAG.pattern()));
        // The Gslb CRD path accepts failover without a primary (k8gb v0.21 controllers/resolver/spec_validations.go checks
        // weights only); the annotation path requires one (IngressAnnotations).
        Map<String, Integer> weights = weights(s.path("weight"), at + ".weight", type, problems);
        int ttl = GslbPolicy.DEFAULT_TTL_SECONDS;
        JsonNode ttlNode = s.path("dnsTtlSeconds");
        if (!ttlNode.isMissingNode() && !ttlNode.isNull()) {
            boolean ok = ttlNode.isIntegralNumber() ? ttlNode.canConvertToInt() && ttlNode.asInt() >= 0
                    : ttlNode.isTextual() && ttlNode.asText().matches("\\d{1,9}");
            if (!ok) {
                problems.add(at + ".dnsTtlSeconds: '" + ttlNode.asText() + "' is not a whole number of seconds >= 0");
            } else {
                ttl = ttlNode.asInt();
            }
        }
        return new GslbStrategySpec(type.orElse(StrategyType.ROUND_ROBIN), primary, problems.isEmpty() ? weights : Map.of(), ttl);
    }

    private static Map<String, Integer> weights(JsonNode w, String at, Optional<StrategyType> type, List<String> problems) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        if (w.isMissingNode() || w.isNull() || (w.isObject() && w.isEmpty())) {
            return weights;
        }
        if (!w.isObject()) {
            problems.add(at + ": must be a map of geo tag to weight");
            return weights;
        }
        if (type.isPresent() && type.get() != StrategyType.ROUND_ROBIN && type.get() != StrategyType.WEIGHT_ROUND_ROBIN) {
            problems.add(at + ": only allowed with roundRobin or weightRoundRobin, not " + type.get().wire());
        }
        w.fields().forEachRemaining(e -> {
            if (!GEO_TAG.matcher(e.getKey()).matches()) {
                problems.add(at + "." + e.getKey() + ": geo tag must match " + GEO_TAG.pattern());
            }
            JsonNode v = e.getValue();
            if (!v.isIntegralNumber() || v.asInt() < 0 || v.asInt() > 1000) {
                problems.add(at + "." + e.getKey() + ": '" + v.asText() + "' is not a whole number 0..1000");
            } else {
                weights.put(e.getKey(), v.asInt());
            }
        });
        return weights;
    }

    private static ServiceHealthPolicy serviceHealthPolicy(JsonNode n, String apiVersion, List<String> problems) {
        String text = n.asText("");
        if (text.isEmpty() || text.equals("Any")) {
            return ServiceHealthPolicy.ANY;
        }
        if (apiVersion.startsWith("k8gb.absa.oss/")) {
            problems.add("spec.serviceHealthPolicy: only in k8gb.io/v1beta1");
        } else if (!text.equals("All")) {
            problems.add("spec.serviceHealthPolicy: '" + text + "' is not Any or All");
        }
        return ServiceHealthPolicy.ALL;
    }

    private static Optional<String> text(JsonNode n) {
        return n.isTextual() && !n.asText().isBlank() ? Optional.of(n.asText()) : Optional.empty();
    }
}
