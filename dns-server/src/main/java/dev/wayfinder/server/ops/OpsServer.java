package dev.wayfinder.server.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations endpoint every Wayfinder process serves: {@code /metrics} (Prometheus text),
 * {@code /healthz} (liveness) and {@code /readyz} (readiness). A probe answers 200 when every
 * check passes and 503 otherwise; the body lists each check with its detail.
 */
public final class OpsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);

    private final HttpServer server;
    private final ExecutorService executor;

    private OpsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static OpsServer start(InetSocketAddress listen, PrometheusMeterRegistry registry,
                                  List<HealthCheck> liveness, List<HealthCheck> readiness) throws IOException {
        HttpServer server = HttpServer.create(listen, 16);
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "ops-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
        server.createContext("/healthz", ex -> probe(ex, liveness));
        server.createContext("/readyz", ex -> probe(ex, readiness));
        server.start();
        LOG.info("Serving /metrics, /healthz and /readyz on {}", server.getAddress());
        return new OpsServer(server, executor);
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private static void probe(HttpExchange ex, List<HealthCheck> checks) throws IOException {
        StringBuilder body = new StringBuilder();
        boolean healthy = true;
        for (HealthCheck check : checks) {
            HealthCheck.Result r;
            try {
                r = check.check();
            } catch (RuntimeException e) {
                r = HealthCheck.Result.failing("check failed: " + e);
            }
            healthy &= r.healthy();
            body.append(r.healthy() ? "[+] " : "[-] ").append(check.name()).append(": ").append(r.detail()).append('\n');
        }
        body.append(healthy ? "ok\n" : "failed\n");
        respond(ex, healthy ? 200 : 503, "text/plain; charset=utf-8", body.toString());
    }

    private static void respond(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
