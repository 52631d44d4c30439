package dev.wayfinder.bench.controller;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The controller benchmark's Kubernetes API: fabric8's CRUD mock server, in a JVM of its own so
 * its CPU and heap stay out of the controller's figures. Seeds N annotated LoadBalancer Services,
 * prints {@code ready <url>}, and serves until its standard input closes (the benchmark ended).
 *
 * <p>Seeding goes straight into the dispatcher's store (its own {@code processEvent}, the step a
 * POST ends with), with the metadata a POST adds: a create through HTTP first scans every stored
 * object for the name, which makes seeding 100,000 objects take most of an hour. What the
 * controller then lists, watches and updates is served by the unchanged mock.
 */
public final class MockApi {

    // Held so the level sticks: java.util.logging keeps loggers weakly. The mock logs every request at INFO.
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    private MockApi() {
    }

    public static void main(String[] args) throws IOException {
        int services = Integer.parseInt(args[0]);
        MOCK_LOG.setLevel(Level.WARNING);
        // Opening a watch replays every object on vert.x's event loop, which its checker reports as blocked.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.vertx")).setLevel(ch.qos.logback.classic.Level.ERROR);
        KubernetesCrudDispatcher dispatcher = new KubernetesCrudDispatcher();
        KubernetesMockServer api = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        api.init();
        long start = System.nanoTime();
        String created = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        for (int i = 0; i < services; i++) {
            Service s = ControllerBench.service(i, ControllerBench.ip(i, 1));
            String ns = s.getMetadata().getNamespace();
            s.getMetadata().setUid(UUID.randomUUID().toString());
            s.getMetadata().setCreationTimestamp(created);
            s.getMetadata().setResourceVersion(String.valueOf(dispatcher.requestResourceVersion()));
            s.getMetadata().setGeneration(1L);
            String path = "/api/v1/namespaces/" + ns + "/services";
            AttributeSet key = dispatcher.getKey(path).add(new Attribute("name", s.getMetadata().getName()));
            dispatcher.processEvent(path, key, null, null, Serialization.asJson(s));
        }
        System.out.printf("seeded %d Services in %.1f s%n", services, (System.nanoTime() - start) / 1e9);
        System.out.println("ready " + api.url("/"));
        System.out.flush();
        // The benchmark holds our standard input open while it runs; end of input means it is done (or died).
        while (System.in.read() >= 0) {
            // nothing to read: waiting for the end
        }
        api.destroy();
        System.exit(0);
    }
}
