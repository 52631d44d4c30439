package dev.wayfinder.faults;

import dev.wayfinder.cli.ControllerApp;
import dev.wayfinder.cli.ControllerCommand;
import dev.wayfinder.server.faults.MetricsScrape;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code wayfinder controller} as a fault row runs it: in this JVM through {@link ControllerApp} (the
 * CI's short form), or in a JVM of its own that can be killed with SIGKILL. Either way it is reached
 * as an operator would: {@code /metrics} and {@code /readyz}.
 */
public abstract class ControllerUnderTest implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Where {@code /metrics}, {@code /healthz} and {@code /readyz} are served. */
    public abstract InetSocketAddress ops();

    /** Stops it at once: SIGKILL for a process of its own; for one in this JVM, everything closed (its registration revoked). */
    public abstract void kill();

    public String metrics() throws IOException, InterruptedException {
        return MetricsScrape.scrape(ops());
    }

    /** The value of one series ({@code name} or {@code name{labels}}), NaN when absent. */
    public double metric(String series) throws IOException, InterruptedException {
        return MetricsScrape.value(metrics(), series + " ");
    }

    /** {@code /readyz}'s status and body. */
    public HttpResponse<String> readyz() throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops().getPort() + "/readyz"))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        kill();
    }

    /** The controller in this JVM with these arguments (a metrics address is added), over {@code client}, which stays the caller's. */
    public static ControllerUnderTest inProcess(List<String> args, Map<String, String> env, KubernetesClient client) throws Exception {
        List<String> all = new ArrayList<>(args);
        all.add("--metrics-address=127.0.0.1:0");
        ControllerApp app = ControllerApp.start(ControllerCommand.configFrom(all, env), client, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                new PrintWriter(Writer.nullWriter()));
        return new ControllerUnderTest() {
            private boolean closed;

            @Override
            public InetSocketAddress ops() {
                return app.opsAddress().orElseThrow();
            }

            @Override
            public synchronized void kill() {
                if (!closed) {
                    closed = true;
                    try {
                        app.close();
                    } catch (Exception e) {
                        throw new IllegalStateException("could not stop the controller", e);
                    }
                }
            }
        };
    }

    /**
     * {@code wayfinder controller} in a JVM of its own (this JVM's class path, {@code -Xmx512m}) with {@code env}
     * ({@link MockApi#env} says where the API is); its output goes to {@code log}. Returns once it serves {@code /readyz}.
     */
    public static ControllerUnderTest process(List<String> args, Map<String, String> env, Path log) throws IOException {
        int port = freePort();
        // The production log configuration (the controller's logback.xml), not a test jar's logback-test.xml.
        java.net.URL logConfig = ControllerApp.class.getResource("/logback.xml");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-XX:+UseG1GC", "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener",
                "-Dlogback.configurationFile=" + logConfig,
                "-cp", System.getProperty("java.class.path"), "dev.wayfinder.cli.Main", "controller",
                "--metrics-address=127.0.0.1:" + port));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("KUBERNETES_") || k.startsWith("ETCD_") || k.equals("KUBECONFIG") || k.equals("HTTP2_DISABLE"));
        pb.environment().putAll(env);
        Process p = pb.start();
        InetSocketAddress ops = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        ControllerUnderTest c = new ControllerUnderTest() {
            @Override
            public InetSocketAddress ops() {
                return ops;
            }

            @Override
            public void kill() {
                p.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, nothing revoked
                try {
                    p.waitFor(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("the controller exited with " + p.exitValue() + ": " + tail(log));
            }
            try {
                c.readyz();
                return c;
            } catch (IOException e) {
                try {
                    p.waitFor(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", ie);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        c.kill();
        throw new IOException("the controller did not serve /readyz within 120 s: " + tail(log));
    }

    static String tail(Path log) throws IOException {
        String all = Files.exists(log) ? Files.readString(log) : "";
        return all.length() > 4000 ? all.substring(all.length() - 4000) : all;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
