package dev.wayfinder.system.externaldns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * An ExternalDNS {@code coredns} installation, exactly as it leaves etcd, for one set of its
 * arguments: the Services of the cluster, and for each the etcd keys and values ExternalDNS wrote,
 * plus another owner's and a hand-written record. Every value is what ExternalDNS's code writes:
 *
 * <ul>
 *   <li>a record: one key per target, {@code <prefix>/<reversed name>/<%08x random>} (provider/coredns/coredns.go:455-473,
 *       :565-569), its value {@code json.Marshal} of {@code Service} (:76-102, :181): {@code host}, {@code text} only when
 *       carried over, {@code ttl} only with a ttl annotation (omitempty), {@code targetstrip} 1, {@code group} from the
 *       coredns-group annotation, {@code owner} only strictly owned (:163-179);</li>
 *   <li>its ownership record: a TXT endpoint at the mapper's name (registry/mapper/mapper.go:94-116) with the labels
 *       quoted (registry/txt/registry.go:344, endpoint/labels.go:108-127), stored text-only with a random key and no ttl
 *       (coredns.go:506-528); an update leaks a second one with a new random key (the labels it gets from UpdateOld carry
 *       no prefix, coredns.go:398-401, :515-518) — {@code api} has two;</li>
 *   <li>before v0.18, also the untyped ownership record (v0.17.0 registry/txt.go:240-249): at the record's own name, so merged
 *       into the record's value (v0.17.0 coredns.go:400-419), or at {@code <prefix><name>} apart; before v0.12 only that
 *       ({@code ancient}). Never with a {@code %{record_type}} affix, nor strictly owned (which came in v0.22).</li>
 * </ul>
 */
final class CoreDnsFixture {

    static final String PREFIX = "/skydns/";
    static final String ZONE = "foowidgets.k8s";
    static final String OWNER = "cluster1";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One ExternalDNS argument set. {@code txtName} gives the mapper's ownership record name of a record (name, type),
     * written out per set from mapper.go:94-116; {@code legacyName} the untyped name (v0.17.0 registry/txt.go:440-454), or null.
     */
    record ArgSet(String id, List<String> args, boolean strictlyOwned, BiFunction<String, String, String> txtName,
                  java.util.function.Function<String, String> legacyName) {
        @Override
        public String toString() {
            return id;
        }
    }

    /** A Service of the cluster and what ExternalDNS published for it. */
    record Published(String service, String name, String type, List<String> targets, long ttl, String group, Era era) {
    }

    /** Which ExternalDNS wrote the ownership records: v0.18+ (typed only), v0.12-v0.17 (typed and untyped), before v0.12 (untyped). */
    enum Era { CURRENT, BOTH_FORMATS, UNTYPED_ONLY }

    private CoreDnsFixture() {
    }

    /** The Services (annotated as ExternalDNS reads them) and their records; with the strictly-owned set, one name shared with cluster2. */
    static List<Published> published(ArgSet set) {
        boolean oldFormats = set.legacyName() != null && !set.strictlyOwned();
        List<Published> out = new ArrayList<>(List.of(
                new Published("nginx", "nginx." + ZONE, "A", List.of("172.18.200.101"), 0, "", Era.CURRENT),
                new Published("api", "api." + ZONE, "A", List.of("172.18.200.102"), 60, "", Era.CURRENT),
                new Published("web", "web." + ZONE, "A", List.of("172.18.200.103", "172.18.200.104"), 0, "", Era.CURRENT),
                new Published("shop", "shop." + ZONE, "CNAME", List.of("lb-1234.elb.example.net"), 0, "", Era.CURRENT),
                new Published("grouped", "grouped." + ZONE, "A", List.of("172.18.200.108"), 0, "g1", Era.CURRENT),
                new Published("wildcard", "*.apps." + ZONE, "A", List.of("172.18.200.109"), 0, "", Era.CURRENT)));
        if (oldFormats) {
            out.add(new Published("legacy", "legacy." + ZONE, "A", List.of("172.18.200.106"), 0, "", Era.BOTH_FORMATS));
            out.add(new Published("ancient", "ancient." + ZONE, "A", List.of("172.18.200.107"), 0, "", Era.UNTYPED_ONLY));
        }
        if (set.strictlyOwned()) {
            out.add(new Published("shared", "shared." + ZONE, "A", List.of("172.18.200.110"), 0, "", Era.CURRENT));
        }
        return out;
    }

    /** The Service ExternalDNS read {@code p} from: the hostname, ttl and coredns-group annotations, the chart's annotation filter. */
    static Service service(Published p) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("external-dns.alpha.kubernetes.io/hostname", p.name());
        annotations.put("cluster-name", OWNER);
        if (p.ttl() > 0) {
            annotations.put("external-dns.alpha.kubernetes.io/ttl", Long.toString(p.ttl()));
        }
        if (!p.group().isEmpty()) {
            annotations.put("external-dns.alpha.kubernetes.io/coredns-group", p.group());
        }
        List<LoadBalancerIngress> ingress = p.type().equals("CNAME")
                ? p.targets().stream().map(h -> new LoadBalancerIngressBuilder().withHostname(h).build()).toList()
                : p.targets().stream().map(ip -> new LoadBalancerIngressBuilder().withIp(ip).build()).toList();
        return new ServiceBuilder()
                .withNewMetadata().withNamespace("default").withName(p.service()).withAnnotations(annotations).endMetadata()
                .withNewSpec().withType("LoadBalancer").withClusterIP("10.96.0.10")
                .addNewPort().withName("http").withProtocol("TCP").withPort(80).endPort().endSpec()
                .withNewStatus().withNewLoadBalancer().withIngress(ingress).endLoadBalancer().endStatus()
                .build();
    }

    /** Everything in etcd before the take-over: ExternalDNS's records of this cluster, another owner's, one written by hand. */
    static Map<String, String> etcd(ArgSet set) {
        Map<String, String> out = new LinkedHashMap<>();
        int rand = 0x1a2b3c00;
        String owner = set.strictlyOwned() ? OWNER : "";
        for (Published p : published(set)) {
            String labels = heritage(OWNER, "service/default/" + p.service());
            boolean mergedOld = p.era() != Era.CURRENT && set.legacyName().apply(p.name()).equals(p.name());
            for (int i = 0; i < p.targets().size(); i++) {
                String text = mergedOld && i == 0 ? labels : "";
                out.put(key(String.format("%08x", rand++) + "." + p.name()), value(p.targets().get(i), text, p.ttl(), p.group(), owner));
            }
            if (p.era() != Era.UNTYPED_ONLY) {
                String txt = set.txtName().apply(p.name(), p.type());
                out.put(key(String.format("%08x", rand++) + "." + txt), value("", labels, 0, "", owner));
                if (p.service().equals("api")) {
                    out.put(key(String.format("%08x", rand++) + "." + txt), value("", labels, 0, "", owner));
                }
            }
            if (p.era() != Era.CURRENT && !mergedOld) {
                out.put(key(String.format("%08x", rand++) + "." + set.legacyName().apply(p.name())), value("", labels, 0, "", owner));
            }
        }
        out.putAll(foreign(set));
        return out;
    }

    /** Another cluster's ExternalDNS (owner cluster2) and a hand-written record: never to be touched. */
    static Map<String, String> foreign(ArgSet set) {
        Map<String, String> out = new LinkedHashMap<>();
        String theirs = set.strictlyOwned() ? "cluster2" : "";
        out.put(key("0badc0de.other." + ZONE), value("10.8.8.8", "", 0, "", theirs));
        out.put(key("0badc0df." + set.txtName().apply("other." + ZONE, "A")),
                value("", heritage("cluster2", "service/default/other"), 0, "", theirs));
        out.put(PREFIX + "k8s/foowidgets/manual", "{\"host\":\"10.9.9.9\",\"ttl\":60}");
        if (set.strictlyOwned()) {
            // The same name published by cluster2 too: strictly owned, each sees only its own (PR #5921).
            out.put(key("0badc0e0.shared." + ZONE), value("10.8.8.9", "", 0, "", "cluster2"));
            out.put(key("0badc0e1." + set.txtName().apply("shared." + ZONE, "A")),
                    value("", heritage("cluster2", "service/default/shared"), 0, "", "cluster2"));
        }
        return out;
    }

    /** endpoint/labels.go:108-127 with quotes, as registry/txt/registry.go:344 asks. */
    static String heritage(String owner, String resource) {
        return "\"heritage=external-dns,external-dns/owner=" + owner + ",external-dns/resource=" + resource + "\"";
    }

    /** coredns.go:565-569 {@code etcdKeyFor}. */
    static String key(String dnsName) {
        List<String> labels = new ArrayList<>(List.of(dnsName.split("\\.")));
        java.util.Collections.reverse(labels);
        return PREFIX + String.join("/", labels);
    }

    /** {@code json.Marshal} of coredns.go:76-102's {@code Service}: fields in struct order, empty ones omitted. */
    static String value(String host, String text, long ttl, String group, String owner) {
        StringBuilder sb = new StringBuilder("{");
        field(sb, "host", host);
        field(sb, "text", text);
        if (ttl > 0) {
            sb.append(sb.length() > 1 ? "," : "").append("\"ttl\":").append(ttl);
        }
        sb.append(sb.length() > 1 ? "," : "").append("\"targetstrip\":1");
        field(sb, "group", group);
        field(sb, "owner", owner);
        return sb.append('}').toString();
    }

    private static void field(StringBuilder sb, String name, String value) {
        if (value.isEmpty()) {
            return;
        }
        try {
            sb.append(sb.length() > 1 ? "," : "").append('"').append(name).append("\":").append(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
