package dev.wayfinder.system.gslb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wayfinder.demo.cluster.ClusterDns;
import dev.wayfinder.demo.cluster.ClusterMesh;
import dev.wayfinder.demo.cluster.ClusterSpec;
import dev.wayfinder.demo.cluster.Progress;
import dev.wayfinder.demo.cluster.Seed;
import dev.wayfinder.demo.cluster.SimulatedCluster;
import dev.wayfinder.demo.net.Ports;
import dev.wayfinder.demo.timeline.Answer;
import dev.wayfinder.demo.timeline.Dig;
import dev.wayfinder.system.enterprise.BindServer;
import dev.wayfinder.system.support.Repository;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayStatusBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceStatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestInstance;
import org.xbill.DNS.Type;

/**
 * k8gb's manifests on three simulated clusters (us-buf, the seed's failover primary; us-nyc; eu-ams), each with a real etcd,
 * its controller, the DNS server the subclass names, and every other cluster as its GSLB peer, told once per DNS server:
 * the seed's k8gb manifests applied unchanged (deploy/examples/seed), failover spreading over every remaining healthy
 * cluster as k8gb does with three or more, a Gateway API HTTPRoute through its Gateway's address, a LoadBalancer that
 * reports a host name (resolved at a real BIND, the edge DNS, through a CNAME, for the {@code localtargets-} records), and a
 * Gslb whose {@code resourceRef} names an Ingress in another namespace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ThreeClusterK8gbStory {

    static final String BUF = "us-buf";
    static final String NYC = "us-nyc";
    static final String AMS = "eu-ams";
    /** Each cluster's ingress address, Gateway address and the address its load balancer's host name resolves to. */
    static final Map<String, List<String>> ADDRESSES = Map.of(
            BUF, List.of("10.2.1.167", "10.2.9.167", "10.2.7.167"),
            NYC, List.of("10.2.1.98", "10.2.9.98", "10.2.7.98"),
            AMS, List.of("10.3.1.50", "10.3.9.50", "10.3.7.50"));
    static final Duration GRACE = Duration.ofSeconds(3);
    static final ClusterSpec.Timings TIMINGS = new ClusterSpec.Timings(Duration.ofMillis(300), Duration.ofMillis(250), GRACE);

    ClusterMesh mesh;
    BindServer edge;
    Map<String, Dig> digs = new LinkedHashMap<>();

    /** The server each cluster runs over its etcd. */
    abstract ClusterDns dns();

    static String ingress(String tag) {
        return ADDRESSES.get(tag).get(0);
    }

    static String gateway(String tag) {
        return ADDRESSES.get(tag).get(1);
    }

    static String elb(String tag) {
        return ADDRESSES.get(tag).get(2);
    }

    @BeforeAll
    void startThreeClusters() throws Exception {
        edge = startEdge();
        String edgeServer = Ports.LOOPBACK + ":" + edgePort;
        mesh = ClusterMesh.start(List.of(new ClusterMesh.Member(BUF, ingress(BUF)), new ClusterMesh.Member(NYC, ingress(NYC)),
                new ClusterMesh.Member(AMS, ingress(AMS))), TIMINGS, SimulatedCluster.Store.ETCD, dns(), List.of(edgeServer), Progress.SILENT);
        for (SimulatedCluster c : mesh.clusters()) {
            KubernetesClient k = c.kube();
            for (HasMetadata crd : load(k, resource("gateway-api-crds.yaml"))) {
                k.resource((CustomResourceDefinition) crd).create();
            }
            applySeed(k);
            Seed.setReady(k, true);
            applyGatewayRoute(k, c.geoTag());
            applyHostnameLoadBalancer(k, c.geoTag());
            for (HasMetadata o : load(k, resource("cross-namespace.yaml"))) {
                k.resource(o).create();
            }
            digs.put(c.geoTag(), new Dig(c.dnsAddress(), Duration.ofMillis(500)));
        }
        awaitAll(Seed.GSLB_HOST, Answer.of(ingress(BUF)), Duration.ofSeconds(30));
    }

    int edgePort;

    /**
     * The edge DNS: a real BIND serving {@code elb.test}, where each cluster's load balancer name is a CNAME to the
     * address record, as ELB names are.
     */
    BindServer startEdge() throws IOException {
        Path dir = BindServer.tempDir("k8gb-edge");
        edgePort = Ports.freeUdpAndTcp();
        StringBuilder zone = new StringBuilder("$TTL 30\n@ SOA ns.elb.test. hostmaster.elb.test. 1 3600 600 86400 30\n@ NS ns.elb.test.\n"
                + "ns A 127.0.0.1\n");
        for (String tag : List.of(BUF, NYC, AMS)) {
            zone.append("lb-").append(tag).append(" CNAME a1b2c3-").append(tag).append(".lb\n");
            zone.append("a1b2c3-").append(tag).append(".lb A ").append(elb(tag)).append('\n');
        }
        Files.writeString(dir.resolve("elb.test.db"), zone.toString());
        String conf = "options { directory \"" + dir + "\"; listen-on port " + edgePort + " { 127.0.0.1; }; listen-on-v6 { none; };"
                + " recursion no; dnssec-validation no; pid-file \"" + dir.resolve("named.pid") + "\"; };\ncontrols { };\n"
                + "zone \"elb.test\" { type primary; file \"elb.test.db\"; };\n";
        return BindServer.start(dir, conf, new InetSocketAddress(Ports.LOOPBACK, edgePort), "elb.test");
    }

    @AfterAll
    void stop() {
        digs.values().forEach(Dig::close);
        if (mesh != null) {
            mesh.close();
        }
        if (edge != null) {
            edge.close();
        }
    }

    /** Every file of deploy/examples/seed's kustomization, in its order, exactly as it is in the repository. */
    static void applySeed(KubernetesClient k) throws IOException {
        Path seed = Repository.resolve("deploy", "examples", "seed");
        List<String> files = Files.readAllLines(seed.resolve("kustomization.yaml")).stream().map(String::trim)
                .filter(l -> l.startsWith("- ") && l.endsWith(".yaml")).map(l -> l.substring(2).trim()).toList();
        assertThat(files).contains("gslb-failover.yaml", "gslb-weighted.yaml", "gslb-geoip.yaml", "ingress-annotated.yaml");
        for (String f : files) {
            try (InputStream in = Files.newInputStream(seed.resolve(f))) {
                for (HasMetadata o : k.load(in).items()) {
                    k.resource(o).createOr(existing -> existing.update());
                }
            }
        }
    }

    /** The route, its Gateway with this cluster's address in its status (as a gateway controller would set it), and the Gslb. */
    static void applyGatewayRoute(KubernetesClient k, String tag) {
        for (HasMetadata o : load(k, resource("gateway-route.yaml"))) {
            HasMetadata created = k.resource(o).create();
            if (created instanceof Gateway g) {
                g.setStatus(new GatewayStatusBuilder().addNewAddress().withType("IPAddress").withValue(gateway(tag)).endAddress().build());
                k.resource(g).updateStatus();
            }
        }
    }

    /** The LoadBalancer Service reporting a host name (as a cloud load balancer controller would), its ready endpoint, the Gslb. */
    static void applyHostnameLoadBalancer(KubernetesClient k, String tag) {
        for (HasMetadata o : load(k, resource("hostname-lb.yaml"))) {
            HasMetadata created = k.resource(o).create();
            if (created instanceof Service s) {
                s.setStatus(new ServiceStatusBuilder().withNewLoadBalancer().addNewIngress().withHostname("lb-" + tag + ".elb.test")
                        .endIngress().endLoadBalancer().build());
                k.resource(s).updateStatus();
            }
        }
        k.resource(new EndpointSliceBuilder().withNewMetadata().withNamespace(Seed.GSLB_NAMESPACE).withName("frontend-lb-abcde")
                .withLabels(Map.of("kubernetes.io/service-name", "frontend-lb")).endMetadata().withAddressType("IPv4")
                .addNewEndpoint().withAddresses("10.42.0.18").withNewConditions().withReady(true).endConditions().endEndpoint()
                .addNewPort().withName("http").withPort(9898).withProtocol("TCP").endPort().build()).create();
    }

    static InputStream resource(String name) {
        InputStream in = ThreeClusterK8gbStory.class.getResourceAsStream("/k8gb-dropin/" + name);
        if (in == null) {
            throw new UncheckedIOException(new IOException("missing test resource k8gb-dropin/" + name));
        }
        return in;
    }

    static List<HasMetadata> load(KubernetesClient k, InputStream in) {
        try (in) {
            return k.load(in).items();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void setReady(String tag, boolean ready) {
        Seed.setReady(mesh.cluster(tag).kube(), ready);
    }

    void allHealthy() {
        for (String tag : List.of(BUF, NYC, AMS)) {
            setReady(tag, true);
        }
        awaitAll(Seed.GSLB_HOST, Answer.of(ingress(BUF)), Duration.ofSeconds(15));
    }

    void awaitAll(String name, Answer expected, Duration limit) {
        await(name + " → " + expected + " on every cluster").atMost(limit).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                digs.forEach((tag, dig) -> assertThat(dig.a(name)).as(name + " asking " + tag).isEqualTo(expected)));
    }

    /**
     * k8gb v0.21 with three clusters (controllers/providers/k8gbendpoint/applicationDNSEndpoint.go lines 127-148): while the
     * primary is healthy every cluster answers it alone; once it is not, every cluster answers all remaining healthy ones.
     */
    @Test
    void failoverSpreadsOverEveryRemainingHealthyCluster() {
        allHealthy();
        try {
            setReady(BUF, false);
            awaitAll(Seed.GSLB_HOST, Answer.of(ingress(NYC), ingress(AMS)), Duration.ofSeconds(15));
            setReady(NYC, false);
            awaitAll(Seed.GSLB_HOST, Answer.of(ingress(AMS)), Duration.ofSeconds(15));
            setReady(NYC, true);
            awaitAll(Seed.GSLB_HOST, Answer.of(ingress(NYC), ingress(AMS)), Duration.ofSeconds(15));
        } finally {
            allHealthy();
        }
    }

    /** The HTTPRoute's host answers each cluster's Gateway address (roundRobin over the three). */
    @Test
    void aGatewayApiRouteAnswersEveryClustersGatewayAddress() {
        awaitAll("route.gb.foowidgets.k8s", Answer.of(gateway(BUF), gateway(NYC), gateway(AMS)), Duration.ofSeconds(30));
    }

    /**
     * Each cluster's load balancer reports only a host name: the controller resolves it at the edge DNS (through its CNAME),
     * publishes the address as its {@code localtargets-}, and every cluster answers the three.
     */
    @Test
    void aLoadBalancerThatReportsAHostNameIsResolvedForItsLocalTargets() {
        awaitAll("lb.gb.foowidgets.k8s", Answer.of(elb(BUF), elb(NYC), elb(AMS)), Duration.ofSeconds(30));
        digs.forEach((tag, dig) -> assertThat(dig.a("localtargets-lb.gb.foowidgets.k8s")).as(tag).isEqualTo(Answer.of(elb(tag))));
    }

    /** The Gslb in gslb-refs finds the Ingress and its Service in test-gslb: healthy, and failing over when that Service is not. */
    @Test
    void aCrossNamespaceResourceRefFindsItsServicesInTheReferencedNamespace() {
        allHealthy();
        try {
            awaitAll("xns.gb.foowidgets.k8s", Answer.of(ingress(BUF)), Duration.ofSeconds(15));
            setReady(BUF, false);
            awaitAll("xns.gb.foowidgets.k8s", Answer.of(ingress(NYC), ingress(AMS)), Duration.ofSeconds(15));
        } finally {
            allHealthy();
        }
        awaitAll("xns.gb.foowidgets.k8s", Answer.of(ingress(BUF)), Duration.ofSeconds(15));
    }

    /**
     * The seed's manifests, applied unchanged: the failover Gslb (primary us-buf), the annotated Ingress (failover, primary
     * us-nyc, through the Gslb the controller creates for it), the geoip Gslb (no client region configured here: every
     * healthy cluster) and the weighted Gslb (answers only from the three clusters' addresses). First, before any failover:
     * the annotated Ingress asks for a two-minute failback hold-down.
     */
    @Test
    @Order(1)
    void theSeedsK8gbManifestsWorkUnchanged() {
        allHealthy();
        // The annotated Ingress stands for a Gslb the controller creates with k8gb's strategy (failover, primary us-nyc). Its
        // primary answers itself at once; the others return to it after the Ingress's wayfinder.dev/failback-hold-down of 2m
        // (at start-up they may have seen us-nyc without the Gslb yet), so only us-nyc's answer is pinned here.
        for (SimulatedCluster c : mesh.clusters()) {
            await(c.geoTag() + " created the annotated Ingress's Gslb").atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                    c.kube().genericKubernetesResources("k8gb.io/v1beta1", "Gslb").inNamespace(Seed.GSLB_NAMESPACE).withName("podinfo-annotated")
                            .get()).isNotNull().satisfies(g -> assertThat(g.<String>get("spec", "strategy", "primaryGeoTag")).isEqualTo(NYC)));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(digs.get(NYC).a("ann.gb.foowidgets.k8s"))
                .isEqualTo(Answer.of(ingress(NYC))));
        awaitAll("geo.gb.foowidgets.k8s", Answer.of(ingress(BUF), ingress(NYC), ingress(AMS)), Duration.ofSeconds(30));
        List<String> all = List.of(ingress(BUF), ingress(NYC), ingress(AMS));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> digs.forEach((tag, dig) -> {
            for (String host : List.of("wrr.gb.foowidgets.k8s", "ann.gb.foowidgets.k8s")) {
                Answer a = dig.a(host);
                assertThat(a.kind()).as(host + " asking " + tag).isEqualTo(Answer.Kind.ADDRESSES);
                assertThat(all).as(host + " asking " + tag).containsAll(a.addresses());
            }
        }));
    }

    /** The edge answers what the controllers resolve (so a failure above is not the edge's). */
    @Test
    void theEdgeResolvesTheLoadBalancerNamesThroughTheirCnames() throws IOException {
        assertThat(edge.query("lb-us-nyc.elb.test", Type.A, Duration.ofSeconds(2)).getSection(1)).hasSize(2);
    }
}
