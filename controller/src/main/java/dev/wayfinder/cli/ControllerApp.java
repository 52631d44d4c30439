package dev.wayfinder.cli;

import dev.wayfinder.config.ControllerConfig;
import dev.wayfinder.controller.Controller;
import dev.wayfinder.controller.LeaderElection;
import dev.wayfinder.gslb.GslbParts;
import dev.wayfinder.gslb.health.ActiveProbe;
import dev.wayfinder.gslb.peers.EdgeHostnameResolver;
import io.prometheus.metrics.core.metrics.Info;
import dev.wayfinder.gslb.peers.PeerPoller;
import dev.wayfinder.gslb.settings.EdgeDelegation;
import dev.wayfinder.gslb.settings.GslbSettings;
import dev.wayfinder.gslb.status.GslbReporter;
import dev.wayfinder.gslb.status.KubernetesGslbReporter;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.plan.PlanResult;
import dev.wayfinder.provider.memory.MemoryProvider;
import dev.wayfinder.server.ops.OpsServer;
import dev.wayfinder.source.api.EventSink;
import dev.wayfinder.source.api.KubernetesEvents;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of one controller process: providers, the controller (with its GSLB parts
 * under {@code --source=gslb}), the embedded DNS server, the ops server and leader election.
 * {@code wayfinder controller} and the demo's simulated clusters both run through it. Closing it
 * stops everything it started, in reverse order; the Kubernetes client stays the caller's.
 */
public final class ControllerApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerApp.class);

    private final ControllerConfig config;
    private final KubernetesClient client;
    private final MeterRegistry meters;
    private final Providers.All providers;
    private final List<AutoCloseable> parts;
    private final Controller controller;
    private final EmbeddedDns embedded;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private OpsServer ops;
    private CompletableFuture<?> election;

    private ControllerApp(ControllerConfig config, KubernetesClient client, MeterRegistry meters, Providers.All providers,
                          List<AutoCloseable> parts, Controller controller, EmbeddedDns embedded) {
        this.config = config;
        this.client = client;
        this.meters = meters;
        this.providers = providers;
        this.parts = parts;
        this.controller = controller;
        this.embedded = embedded;
    }

    /**
     * Opens and starts everything {@code config} asks for: the loops run (or wait for the Lease with
     * {@code --leader-elect}), DNS is answered with {@code --serve-dns}, {@code /metrics} is served when
     * {@code meters} is a Prometheus registry and {@code --metrics-address} is set. Plans are printed to
     * {@code out} with {@code --dry-run}.
     */
    public static ControllerApp start(ControllerConfig config, KubernetesClient client, MeterRegistry meters, PrintWriter out)
            throws Exception {
        ControllerApp app = create(config, client, meters, out);
        try {
            app.run();
        } catch (Exception | Error e) {
            app.close();
            throw e;
        }
        return app;
    }

    /** Opens everything but starts no loop, server or election: for {@code --once}, which runs one pass itself. */
    static ControllerApp create(ControllerConfig config, KubernetesClient client, MeterRegistry meters, PrintWriter out) throws Exception {
        Providers.All dns = Providers.open(config);
        List<AutoCloseable> parts = new ArrayList<>();
        try {
            KubernetesEvents events = new KubernetesEvents(client);
            parts.add(events);
            LateTrigger trigger = new LateTrigger();
            GslbParts gslb = config.gslb().map(s -> gslbParts(s, config.dryRun(), client, events, meters, trigger, parts))
                    .orElse(GslbParts.NONE);
            List<Endpoint> edge = config.gslb().map(EdgeDelegation::endpoints).orElse(List.of());
            List<Controller.Target> targets = dns.opened().stream()
                    .map(o -> Providers.edgeWriter(config, o.kind()) ? Controller.Target.edgeOnly(o.provider(), o.scope(), edge) : o.target())
                    .toList();
            Controller controller = new Controller(config, client, targets, meters, events, printer(config, out), gslb);
            parts.add(controller);
            trigger.bind(controller::trigger);
            MemoryProvider memory = dns.memory().orElse(null);
            EmbeddedDns embedded = config.serveDns().isPresent() && memory != null
                    ? EmbeddedDns.start(config.serveDns().get(), config.domainFilter().include(), config.corednsPrefix(), config.defaultTtl(),
                            memory, meters)
                    : null;
            return new ControllerApp(config, client, meters, dns, parts, controller, embedded);
        } catch (Exception | Error e) {
            closeAll(parts);
            dns.close();
            throw e;
        }
    }

    /** The peers, the probe, the host-name resolver and the reporter; each change they see asks the controller for a pass. */
    private static GslbParts gslbParts(GslbSettings settings, boolean dryRun, KubernetesClient client, EventSink events, MeterRegistry meters,
                                       Runnable trigger, List<AutoCloseable> opened) {
        PeerPoller peers = new PeerPoller(settings, meters, trigger);
        opened.add(peers);
        ActiveProbe probe = new ActiveProbe(meters, trigger);
        opened.add(probe);
        EdgeHostnameResolver hostnames = new EdgeHostnameResolver(settings.edgeDnsServers(), settings.peerTimeout(), settings.pollInterval(),
                trigger, Clock.systemUTC());
        opened.add(hostnames);
        if (dryRun) {
            // Dry-run changes nothing in the cluster: no status, no Events.
            return new GslbParts(peers, probe, GslbReporter.NONE, hostnames);
        }
        KubernetesGslbReporter reporter = new KubernetesGslbReporter(client, events, meters, settings.clusterGeoTag());
        opened.add(reporter);
        runtimeInfo(meters);
        return new GslbParts(peers, probe, reporter, hostnames);
    }

    /**
     * k8gb's {@code k8gb_runtime_info} (controllers/providers/metrics/prometheus.go lines 250-261, 356-362) with its labels: the
     * namespace (k8gb's POD_NAMESPACE), this program's version, and the Java runtime in {@code go_version}. An info series, so
     * it is registered with Prometheus directly (Micrometer would drop the {@code _info} suffix from a gauge).
     */
    static void runtimeInfo(MeterRegistry meters) {
        if (meters instanceof PrometheusMeterRegistry prometheus
                && prometheus.getPrometheusRegistry().scrape(n -> n.equals("k8gb_runtime")).size() == 0) {
            Info.builder().name("k8gb_runtime").help("K8gb runtime info.")
                    .labelNames("namespace", "k8gb_version", "go_version", "arch", "os", "git_sha")
                    .register(prometheus.getPrometheusRegistry())
                    .addLabelValues(Optional.ofNullable(System.getenv("POD_NAMESPACE")).orElse(""),
                            Optional.ofNullable(ControllerApp.class.getPackage().getImplementationVersion()).orElse("dev"),
                            "java" + Runtime.version(), System.getProperty("os.arch"),
                            System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT), "");
        }
    }

    private static Consumer<PlanResult> printer(ControllerConfig config, PrintWriter out) {
        return plan -> {
            if (config.dryRun() || config.once()) {
                synchronized (out) {
                    out.print(PlanTable.render(plan));
                    out.flush();
                }
            }
        };
    }

    /**
     * {@code --once}: the peers are asked (and found at the edge) as in a running controller, then one pass per provider
     * runs once every Gslb host has its peers' first answers or has waited its bound.
     */
    public List<PlanResult> runOnce(Duration syncTimeout) throws Exception {
        startPeers();
        return controller.runOnce(syncTimeout);
    }

    private void startPeers() {
        for (AutoCloseable part : parts) {
            if (part instanceof PeerPoller poller) {
                poller.start();
            }
        }
    }

    private void run() throws Exception {
        startPeers();
        if (config.metricsAddress().isPresent()) {
            if (meters instanceof PrometheusMeterRegistry prometheus) {
                ops = OpsServer.start(config.metricsAddress().get(), prometheus, controller.liveness(), controller.readiness());
            } else {
                LOG.warn("Not serving /metrics on {}: the meter registry is not a Prometheus one", config.metricsAddress().get());
            }
        }
        if (config.leaderElection().enabled()) {
            election = LeaderElection.run(client, config.leaderElection(), controller::start, () -> stopped.complete(null));
        } else {
            controller.start();
        }
    }

    public Controller controller() {
        return controller;
    }

    /** The in-memory provider, when {@code --provider=inmemory} is among the providers. */
    public Optional<MemoryProvider> memory() {
        return providers.memory();
    }

    /** Where {@code --serve-dns} answers (the bound port when 0 was asked for). */
    public Optional<InetSocketAddress> dnsAddress() {
        return Optional.ofNullable(embedded).map(EmbeddedDns::address);
    }

    /** Where {@code /metrics}, {@code /healthz} and {@code /readyz} are served (the bound port when 0 was asked for). */
    public Optional<InetSocketAddress> opsAddress() {
        return Optional.ofNullable(ops).map(OpsServer::address);
    }

    /** Completes when the process should stop on its own: this replica lost the Lease. */
    public CompletableFuture<Void> stopped() {
        return stopped;
    }

    @Override
    public void close() throws Exception {
        if (election != null) {
            election.cancel(true);
        }
        closeAll(parts); // the controller first (it was opened last), then the parts it used
        if (embedded != null) {
            embedded.close();
        }
        if (ops != null) {
            ops.close();
        }
        providers.close();
    }

    private static void closeAll(List<AutoCloseable> parts) {
        for (int i = parts.size() - 1; i >= 0; i--) {
            AutoCloseable c = parts.get(i);
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("Could not close {}: {}", c, e.toString());
            }
        }
    }

    /** The controller's trigger, for parts that must exist before the controller does. */
    private static final class LateTrigger implements Runnable {
        private volatile Runnable target = () -> { };

        void bind(Runnable t) {
            target = t;
        }

        @Override
        public void run() {
            target.run();
        }
    }
}
