package dev.wayfinder.provider.etcd.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The etcd binary as a child process; its output is appended to a log file outside the data dir. */
final class LocalEtcdServer implements EtcdServer {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 20;

    private final String binary;
    private final Path dataDir;
    private final Path logFile;
    private final int clientPort;
    private final int peerPort;
    private final int metricsPort;
    private final Optional<EtcdTls> tls;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private Process process;

    LocalEtcdServer(String binary, Path dataDir, Path logFile, int clientPort, int peerPort, int metricsPort,
            Optional<EtcdTls> tls) {
        this.binary = binary;
        this.dataDir = dataDir;
        this.logFile = logFile;
        this.clientPort = clientPort;
        this.peerPort = peerPort;
        this.metricsPort = metricsPort;
        this.tls = tls;
    }

    @Override
    public synchronized void start() throws IOException {
        Files.createDirectories(dataDir);
        ProcessBuilder builder = new ProcessBuilder(command()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        // Debian's etcd reads ETCD_* variables too; a developer's environment must not leak in.
        builder.environment().keySet().removeIf(k -> k.startsWith("ETCD_"));
        process = builder.start();
        awaitHealthy();
    }

    private List<String> command() {
        String peer = "http://127.0.0.1:" + peerPort;
        List<String> cmd = new ArrayList<>(List.of(binary,
                "--name", "wayfinder-test",
                "--data-dir", dataDir.toString(),
                "--listen-client-urls", clientUrl(),
                "--advertise-client-urls", clientUrl(),
                "--listen-peer-urls", peer,
                "--initial-advertise-peer-urls", peer,
                "--initial-cluster", "wayfinder-test=" + peer,
                "--initial-cluster-state", "new",
                "--listen-metrics-urls", "http://127.0.0.1:" + metricsPort,
                "--heartbeat-interval", "10",
                "--election-timeout", "100"));
        tls.ifPresent(t -> cmd.addAll(List.of(
                "--cert-file", t.serverCertFile().toString(),
                "--key-file", t.serverKeyFile().toString(),
                "--trusted-ca-file", t.caFile().toString(),
                "--client-cert-auth")));
        return cmd;
    }

    /** Polls the plain-HTTP health endpoint; between polls it waits on the process, so a crash ends the wait at once. */
    private void awaitHealthy() throws IOException {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/health"))
                .timeout(Duration.ofSeconds(1)).build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("etcd exited with " + process.exitValue() + " while starting; log "
                        + logFile + ":\n" + tail());
            }
            if (healthy(health)) {
                return;
            }
            try {
                process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new IOException("interrupted while waiting for etcd", e);
            }
        }
        stop();
        throw new IOException("etcd did not become healthy within " + STARTUP_TIMEOUT + "; log " + logFile + ":\n" + tail());
    }

    private boolean healthy(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"true\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String tail() throws IOException {
        List<String> lines = Files.exists(logFile) ? Files.readAllLines(logFile) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    @Override
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public String clientUrl() {
        return (tls.isPresent() ? "https" : "http") + "://127.0.0.1:" + clientPort;
    }

    @Override
    public Path logFile() {
        return logFile;
    }
}
