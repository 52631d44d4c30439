package dev.wayfinder.demo.coredns;

import dev.wayfinder.demo.net.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stock CoreDNS as a part of a test or of the demo: writes a Corefile into a temporary directory,
 * starts the binary on it, waits until it listens, and stops it. Its output goes to a log file
 * beside the Corefile ({@link #log()}).
 *
 * <p>Plain Java (no JUnit types): the demo runs it too.
 */
public final class CoreDnsProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CoreDnsProcess.class);
    private static final Duration START_LIMIT = Duration.ofSeconds(20);
    private static final int START_ATTEMPTS = 3;

    private final CoreDnsBinary binary;
    private final Path dir;
    private final int port;
    private final Process process;
    private final Thread killOnExit;

    private CoreDnsProcess(CoreDnsBinary binary, Path dir, int port, Process process) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.killOnExit = new Thread(process::destroyForcibly, "coredns-kill-on-exit");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Starts CoreDNS on a free loopback port with the Corefile {@code corefileForPort} renders for
     * that port; a port taken between choosing and binding is retried with another.
     */
    public static CoreDnsProcess startOnFreePort(CoreDnsBinary binary, IntFunction<String> corefileForPort) {
        for (int attempt = 1; ; attempt++) {
            int port = Ports.freeUdpAndTcp();
            try {
                return start(binary, port, corefileForPort.apply(port));
            } catch (IllegalStateException e) {
                if (!String.valueOf(e.getMessage()).contains("address already in use") || attempt == START_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Starts CoreDNS with {@code corefile}, whose server blocks listen on {@code port}; returns once it listens. */
    public static CoreDnsProcess start(CoreDnsBinary binary, int port, String corefile) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("wayfinder-coredns-");
            Path conf = Files.writeString(dir.resolve("Corefile"), corefile);
            Path log = dir.resolve("coredns.log");
            Process process = new ProcessBuilder(binary.path().toString(), "-conf", conf.toString())
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            CoreDnsProcess coredns = new CoreDnsProcess(binary, dir, port, process);
            try {
                coredns.awaitListening();
            } catch (RuntimeException e) {
                coredns.close();
                throw e;
            }
            LOG.info("stock CoreDNS ({}) listening on 127.0.0.1:{}", binary.path(), port);
            return coredns;
        } catch (IOException e) {
            if (dir != null) {
                deleteRecursively(dir);
            }
            throw new UncheckedIOException("could not start CoreDNS " + binary.path(), e);
        }
    }

    /** CoreDNS prints its version banner once every server block listens; it exits when a port is taken. */
    private void awaitListening() {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            String out = log();
            if (!process.isAlive()) {
                throw new IllegalStateException("CoreDNS exited with " + process.exitValue() + " on port " + port + ": " + out.strip());
            }
            if (out.contains("CoreDNS-")) {
                return;
            }
            try {
                // Polling a log file while the process starts; nothing to wait on but time.
                process.waitFor(20, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting CoreDNS", e);
            }
        }
        throw new IllegalStateException("CoreDNS did not start listening on port " + port + " within " + START_LIMIT + ": " + log().strip());
    }

    public int port() {
        return port;
    }

    /** Where clients ask: CoreDNS listens on every address, loopback included. */
    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    public Path corefile() {
        return dir.resolve("Corefile");
    }

    /** Everything CoreDNS has printed so far (its {@code log} and {@code errors} plugins write here). */
    public String log() {
        try {
            Path log = dir.resolve("coredns.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, then SIGKILL if CoreDNS has not exited within five seconds; deletes its directory. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteRecursively(dir);
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook kills the process anyway.
        }
    }

    @Override
    public String toString() {
        return "stock CoreDNS " + binary.path() + " on 127.0.0.1:" + port;
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.toString());
        }
    }
}
