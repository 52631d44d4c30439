package dev.wayfinder.demo.cluster;

import dev.wayfinder.cli.CorefileCommand;
import dev.wayfinder.config.ControllerConfig;
import dev.wayfinder.config.InvalidConfigException;
import dev.wayfinder.config.RawSettings;
import dev.wayfinder.demo.coredns.CoreDnsProcess;
import dev.wayfinder.demo.net.Ports;
import dev.wayfinder.gslb.settings.RawGslb;
import dev.wayfinder.provider.etcd.EtcdConnection;
import dev.wayfinder.provider.etcd.testing.EtcdProcess;
import dev.wayfinder.server.cli.InProcessDns;
import io.etcd.jetcd.Client;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cluster on this machine: a Kubernetes API stand-in (fabric8's CRUD mock), its own etcd (the
 * Debian binary when present; else the controller's embedded memory provider), the Wayfinder
 * controller with the service, ingress and gslb sources, and a DNS server on 127.0.0.1 — stock
 * CoreDNS or {@code wayfinder dns} over that etcd ({@link ClusterDns}), or the controller's embedded
 * server without etcd. It also plays the ingress controller (Ingress status) and, through
 * {@link #setReady}, the EndpointSlice controller.
 */
public final class SimulatedCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedCluster.class);
    static final Duration DNS_START_LIMIT = Duration.ofSeconds(20);

    /** Where the records live: a real etcd served by stock CoreDNS or {@code wayfinder dns}, or the controller's memory provider and embedded DNS. */
    public enum Store {
        ETCD, MEMORY;

        /** etcd when its binary is installed (Debian's etcd-server, or on PATH), else memory. */
        public static Store available() {
            if (Files.isExecutable(Path.of("/usr/bin/etcd"))) {
                return ETCD;
            }
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "etcd"))) {
                    return ETCD;
                }
            }
            return MEMORY;
        }
    }

    private final ClusterSpec spec;
    private final Store store;
    private final ClusterDns dnsServer;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private KubeApi api;
    private EtcdProcess etcd;
    private AutoCloseable dns;
    private ClusterController controller;

    private SimulatedCluster(ClusterSpec spec, Store store, ClusterDns dnsServer) {
        this.spec = spec;
        this.store = store;
        this.dnsServer = dnsServer;
    }

    /**
     * Starts every part; on failure, stops what had started and rethrows.
     *
     * @param dnsServer the server over etcd; with {@link Store#MEMORY} the controller's embedded server answers instead,
     *                  and stock CoreDNS is refused (it reads its records from etcd)
     */
    public static SimulatedCluster start(ClusterSpec spec, Store store, ClusterDns dnsServer, Progress progress) throws Exception {
        if (store == Store.MEMORY && dnsServer instanceof ClusterDns.StockCoreDns) {
            throw new IllegalArgumentException(spec.geoTag() + ": stock CoreDNS reads its records from etcd, and with the memory store"
                    + " they live in the controller; use the etcd store");
        }
        SimulatedCluster cluster = new SimulatedCluster(spec, store, dnsServer);
        try {
            cluster.startParts(progress);
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private void startParts(Progress progress) throws Exception {
        String tag = spec.geoTag();
        api = progress.step("starting the Kubernetes API stand-in for " + tag, KubeApi::start);
        toClose.add(api);
        toClose.add(IngressControllerStandIn.start(api.client(), spec.ingressIp()));
        if (store == Store.ETCD) {
            etcd = progress.step("starting etcd for " + tag, EtcdProcess::start);
            toClose.add(etcd);
            progress.step("starting " + dnsServer.label() + " for " + tag + " on " + Ports.LOOPBACK + ":" + spec.dnsPort(), () -> {
                startDns();
                return null;
            });
        }
        progress.step("starting the controller for " + tag, () -> {
            startController();
            return null;
        });
    }

    /** Starts this cluster's controller (again), on a Kubernetes client of its own. */
    public synchronized void startController() throws Exception {
        if (controller == null) {
            controller = ClusterController.start(controllerConfig(), api.newClient());
        }
    }

    /** Stops this cluster's controller; its records stay in the store. */
    public synchronized void stopController() throws Exception {
        if (controller != null) {
            ClusterController c = controller;
            controller = null;
            c.close();
        }
    }

    /**
     * The controller's configuration, checked exactly as {@code wayfinder controller} checks its flags. The serving DNS it
     * is told is the one that answers: stock CoreDNS, or {@code wayfinder dns} (the embedded server is its answerer).
     */
    ControllerConfig controllerConfig() throws InvalidConfigException {
        ClusterSpec.Timings t = spec.timings();
        String serving = dnsServer instanceof ClusterDns.StockCoreDns && store == Store.ETCD ? "coredns" : "wayfinder";
        RawGslb gslb;
        if (spec.edge().isPresent()) {
            ClusterSpec.Edge edge = spec.edge().get();
            List<String> edgeServers = new ArrayList<>(edge.servers().stream().map(a -> a.getHostString() + ":" + a.getPort()).toList());
            spec.edgeDnsServers().stream().filter(s -> !edgeServers.contains(s)).forEach(edgeServers::add);
            gslb = new RawGslb(spec.geoTag(), List.of(), List.copyOf(new java.util.TreeSet<>(spec.peers().keySet())), edgeServers,
                    edge.zone(), List.of(), go(t.pollInterval()), go(t.peerTimeout()), go(t.peerGrace()), 30, serving,
                    spec.peers().values().stream().findFirst().orElse(53));
        } else {
            List<String> peers = spec.peers().entrySet().stream().map(p -> p.getKey() + "=" + Ports.LOOPBACK + ":" + p.getValue()).sorted()
                    .toList();
            gslb = new RawGslb(spec.geoTag(), peers, List.of(), spec.edgeDnsServers(), "", List.of(), go(t.pollInterval()),
                    go(t.peerTimeout()), go(t.peerGrace()), 30, serving, 53);
        }
        boolean inEtcd = store == Store.ETCD;
        Map<String, String> etcdEnv = inEtcd ? Map.of("ETCD_URLS", etcd.clientUrl()) : Map.of();
        return ControllerConfig.from(new RawSettings(List.of("service", "ingress", "gslb"), inEtcd ? "coredns" : "inmemory",
                ClusterSpec.ZONES, List.of(), spec.geoTag(), "sync", "1m", false, false, "", "", "", "", "/skydns/", 300, "", 0.5, false,
                false, "default", "wayfinder", inEtcd ? "" : Ports.LOOPBACK + ":" + spec.dnsPort(), etcdEnv, null, gslb));
    }

    /** A Go duration for the controller's flags. */
    static String go(Duration d) {
        return d.toMillis() + "ms";
    }

    /** This cluster's DNS server over its etcd, on its fixed port; answers before this returns. */
    public synchronized void startDns() {
        if (store != Store.ETCD) {
            throw new IllegalStateException(spec.geoTag() + ": without etcd the DNS server is the controller's own and cannot be stopped alone");
        }
        if (dns != null) {
            return;
        }
        dns = dnsServer instanceof ClusterDns.StockCoreDns coredns
                ? CoreDnsProcess.start(coredns.binary(), spec.dnsPort(), corefile())
                : startWayfinderDns();
        LOG.info("{}: {} answering on {}", spec.geoTag(), dnsServer.label(), dnsAddress());
    }

    /** What {@code wayfinder corefile --zone ZONES --etcd-urls <this etcd> --port <DNS port>} prints: stock CoreDNS's whole configuration. */
    public String corefile() {
        return CorefileCommand.render(ClusterSpec.ZONES, "/skydns/", spec.dnsPort(), EtcdConnection.of(List.of(etcd.clientUrl())));
    }

    private InProcessDns startWayfinderDns() {
        List<String> args = new ArrayList<>(List.of("--listen", Ports.LOOPBACK + ":" + spec.dnsPort(),
                "--zone", String.join(",", ClusterSpec.ZONES), "--etcd-endpoints", etcd.clientUrl(), "--etcd-prefix", "/skydns",
                "--ops-listen", "none", "--udp-sockets", "1"));
        for (String g : spec.geo()) {
            args.add("--geo");
            args.add(g);
        }
        return InProcessDns.start(args, DNS_START_LIMIT);
    }

    /** Stops this cluster's DNS server (a peer outage as the other cluster sees it). */
    public synchronized void stopDns() {
        if (dns != null) {
            try {
                dns.close();
            } catch (Exception e) {
                LOG.warn("{}: stopping {} failed: {}", spec.geoTag(), dnsServer.label(), e.toString());
            }
            dns = null;
            LOG.info("{}: {} stopped", spec.geoTag(), dnsServer.label());
        }
    }

    public ClusterSpec spec() {
        return spec;
    }

    public String geoTag() {
        return spec.geoTag();
    }

    public Store store() {
        return store;
    }

    /** What the running stock CoreDNS has logged (its {@code log} plugin: one line per query); empty with another server. */
    public synchronized Optional<String> coreDnsLog() {
        return dns instanceof CoreDnsProcess coredns ? Optional.of(coredns.log()) : Optional.empty();
    }

    /** The server over etcd (with the memory store, the controller's embedded server answers instead). */
    public ClusterDns dnsServer() {
        return dnsServer;
    }

    public InetSocketAddress dnsAddress() {
        return new InetSocketAddress(Ports.LOOPBACK, spec.dnsPort());
    }

    public KubernetesClient kube() {
        return api.client();
    }

    /** This cluster's etcd (empty with the memory store). */
    public Optional<Client> etcd() {
        return Optional.ofNullable(etcd).map(EtcdProcess::client);
    }

    /** How many of this cluster's GSLB questions the peer {@code geoTag} has answered so far (its peer poller's count). */
    public long peerAnswers(String geoTag) {
        return controller.peerAnswers(geoTag);
    }

    /** The controller's gauge {@code name} with {@code tags} (name, value, …), if it has one. */
    public synchronized Optional<Double> gauge(String name, String... tags) {
        return controller == null ? Optional.empty() : controller.gauge(name, tags);
    }

    /** Publishes the seed's annotated nginx Service at {@code ip}, or moves it there. */
    public void publishNginx(String ip) {
        Seed.publishNginx(api.client(), ip);
    }

    /** Creates a Gslb from its manifest, with its backing Service and one ready pod. */
    public void publishGslb(String manifest) {
        Seed.publishGslb(api.client(), manifest, true);
    }

    /** Creates a Gslb from its manifest, standing on a backend of its own ({@code service}, one ready pod). */
    public void publishGslb(String manifest, String service) {
        Seed.publishGslb(api.client(), manifest, service);
    }

    /** The backing pod of {@code frontend-podinfo} becomes ready or not ready (scaled up, scaled to 0). */
    public void setReady(boolean ready) {
        Seed.setReady(api.client(), ready);
    }

    @Override
    public void close() {
        List<AutoCloseable> order = new ArrayList<>();
        order.add(this::stopController);
        order.add(this::stopDns);
        for (int i = toClose.size() - 1; i >= 0; i--) {
            order.add(toClose.get(i));
        }
        for (AutoCloseable c : order) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("{}: stopping {} failed: {}", spec.geoTag(), c, e.toString());
            }
        }
    }

    @Override
    public String toString() {
        return "cluster " + spec.geoTag() + " (DNS " + dnsAddress() + ", " + (store == Store.ETCD ? dnsServer.label() + " over " + etcd : "memory store") + ")";
    }
}
