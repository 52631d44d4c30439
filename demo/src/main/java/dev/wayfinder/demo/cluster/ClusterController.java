package dev.wayfinder.demo.cluster;

import dev.wayfinder.cli.ControllerApp;
import dev.wayfinder.config.ControllerConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * One simulated cluster's controller, started through the same composition root as
 * {@code wayfinder controller} ({@link ControllerApp}), on a Kubernetes client of its own.
 */
final class ClusterController implements AutoCloseable {

    /** The GSLB peer poller's round-trip timer: one count per answered question (k8gb has no such figure). */
    static final String PEER_ROUND_TRIP = "wayfinder_gslb_peer_round_trip";

    private final ControllerApp app;
    private final KubernetesClient client;
    private final MeterRegistry meters;

    private ClusterController(ControllerApp app, KubernetesClient client, MeterRegistry meters) {
        this.app = app;
        this.client = client;
        this.meters = meters;
    }

    static ClusterController start(ControllerConfig config, KubernetesClient client) throws Exception {
        MeterRegistry meters = new SimpleMeterRegistry();
        try {
            return new ClusterController(ControllerApp.start(config, client, meters, new PrintWriter(new StringWriter())), client, meters);
        } catch (Exception | Error e) {
            client.close();
            throw e;
        }
    }

    /** Where the controller's embedded DNS answers (the memory store's DNS server). */
    Optional<InetSocketAddress> embeddedDns() {
        return app.dnsAddress();
    }

    /** How many of this controller's questions the peer {@code geoTag} has answered so far. */
    long peerAnswers(String geoTag) {
        return meters.find(PEER_ROUND_TRIP).tag("peer", geoTag).timers().stream().mapToLong(Timer::count).sum();
    }

    /** The gauge {@code name} with {@code tags} (name, value, …), if registered. */
    Optional<Double> gauge(String name, String... tags) {
        return Optional.ofNullable(meters.find(name).tags(tags).gauge()).map(io.micrometer.core.instrument.Gauge::value);
    }

    @Override
    public void close() throws Exception {
        try {
            app.close();
        } finally {
            client.close();
        }
    }

    @Override
    public String toString() {
        return "controller";
    }
}
