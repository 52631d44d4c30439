package dev.wayfinder.provider.etcd.testing;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real single-member etcd for tests and benchmarks: the Debian {@code etcd} binary on free loopback
 * ports with a temporary data directory, or, where only Docker is present, the same in a container.
 *
 * <p>Plain Java on purpose (no JUnit types): the benchmark harness uses it at run time.
 * {@link #stop()} kills the server and keeps its data; {@link #restart()} brings it back on the
 * same ports; {@link #close()} stops it and deletes everything it wrote.
 */
public final class EtcdProcess implements AutoCloseable {

    /** Etcd's own name for the root user, which must exist before auth can be enabled. */
    private static final String ROOT = "root";

    /** How a TLS server is secured: certificates, and optionally a user that must log in. */
    public record Security(EtcdTls tls, Optional<String> username, Optional<String> password) {
    }

    private final Path baseDir;
    private final EtcdServer server;
    private final Optional<Security> security;
    /** Kills the server if the JVM exits without {@link #close()} (a test run cut short), so no etcd outlives it. */
    private final Thread killOnExit;
    private Client client;

    private EtcdProcess(Path baseDir, EtcdServer server, Optional<Security> security) {
        this.baseDir = baseDir;
        this.server = server;
        this.security = security;
        this.killOnExit = new Thread(server::stop, "etcd-kill-on-exit");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Starts a plain-text etcd and waits until it is healthy. */
    public static EtcdProcess start() {
        return launch(false, null, null);
    }

    /** Starts an etcd that serves TLS only and requires client certificates. */
    public static EtcdProcess startWithTls() {
        return launch(true, null, null);
    }

    /** Starts a TLS etcd with auth enabled: {@code username} (granted the root role) must log in. */
    public static EtcdProcess startWithTls(String username, String password) {
        return launch(true, username, password);
    }

    /** Starting attempts: a free port can be taken by another process before etcd binds it. */
    private static final int START_ATTEMPTS = 3;

    private static EtcdProcess launch(boolean tls, String username, String password) {
        for (int attempt = 1; ; attempt++) {
            try {
                return launchOnce(tls, username, password);
            } catch (UncheckedIOException e) {
                boolean portTaken = String.valueOf(e.getMessage()).contains("address already in use");
                if (!portTaken || attempt == START_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static EtcdProcess launchOnce(boolean tls, String username, String password) {
        Path baseDir = null;
        try {
            baseDir = Files.createTempDirectory("wayfinder-etcd-");
            Optional<Security> security = Optional.empty();
            if (tls) {
                Path certs = Files.createDirectories(baseDir.resolve("certs"));
                security = Optional.of(new Security(EtcdTls.generate(certs), Optional.ofNullable(username),
                        Optional.ofNullable(password)));
            }
            EtcdServer server = chooseServer(baseDir, security.map(Security::tls));
            EtcdProcess etcd = new EtcdProcess(baseDir, server, security);
            try {
                server.start();
                if (username != null) {
                    etcd.enableAuth(username, password);
                }
            } catch (IOException | RuntimeException e) {
                etcd.close();
                throw e;
            }
            return etcd;
        } catch (IOException | RuntimeException e) {
            if (baseDir != null) {
                deleteRecursively(baseDir);
            }
            throw e instanceof RuntimeException re ? re : new UncheckedIOException((IOException) e);
        }
    }

    private static EtcdServer chooseServer(Path baseDir, Optional<EtcdTls> tls) throws IOException {
        Path dataDir = baseDir.resolve("data");
        Path logFile = baseDir.resolve("etcd.log");
        Optional<String> binary = EtcdBinaries.find("etcd");
        if (binary.isPresent()) {
            int[] ports = freePorts(3);
            return new LocalEtcdServer(binary.get(), dataDir, logFile, ports[0], ports[1], ports[2], tls);
        }
        if (DockerProbe.dockerAvailable()) {
            // Loaded only here, so users of the binary path need no Testcontainers on the class path.
            return new ContainerEtcdServer(dataDir, logFile, freePorts(1)[0], tls);
        }
        throw new IllegalStateException(
                "etcd not found: install Debian package etcd-server (apt-get install etcd-server) or run Docker");
    }

    /** For example {@code http://127.0.0.1:40123}. */
    public String clientUrl() {
        return server.clientUrl();
    }

    public List<String> endpoints() {
        return List.of(clientUrl());
    }

    public Path logFile() {
        return server.logFile();
    }

    /** Certificates and credentials when started with TLS. */
    public Optional<Security> security() {
        return security;
    }

    /** A client for this server (with TLS and login as configured), built once and closed by {@link #close()}. */
    public synchronized Client client() {
        if (client == null) {
            client = clientBuilder(true).build();
        }
        return client;
    }

    /** A builder preconfigured for this server, for tests that want their own client. */
    public ClientBuilder clientBuilder(boolean withLogin) {
        ClientBuilder builder = Client.builder().endpoints(clientUrl());
        security.ifPresent(s -> {
            try {
                builder.sslContext(ssl -> ssl.trustManager(s.tls().caFile().toFile())
                        .keyManager(s.tls().clientCertFile().toFile(), s.tls().clientKeyFile().toFile()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (withLogin && s.username().isPresent()) {
                builder.user(bytes(s.username().get())).password(bytes(s.password().orElse("")));
            }
        });
        return builder;
    }

    /** Kills the server; its data stays for {@link #restart()}. */
    public void stop() {
        server.stop();
    }

    /** Starts the server again on the same ports with the same data and waits until it is healthy. */
    public void restart() {
        server.stop();
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills the server, copies its data directory (a backup as of now, in the temp dir), starts it again; returns the copy. */
    public Path backup() {
        server.stop();
        try {
            Path copy = Files.createTempDirectory(baseDir, "backup-");
            copyRecursively(baseDir.resolve("data"), copy);
            server.start();
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Kills the server and starts it again on the same ports from {@code backup} (etcd restored from an older
     * backup: its keys and revisions as they were then), or, when {@code backup} is empty, from nothing (a
     * wiped etcd, a new cluster). Returns once it is healthy.
     */
    public void restore(Optional<Path> backup) {
        server.stop();
        Path data = baseDir.resolve("data");
        try {
            deleteRecursively(data);
            if (backup.isPresent()) {
                copyRecursively(backup.get(), data);
            }
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyRecursively(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Stops the server, closes the client and deletes the data directory and log. */
    @Override
    public void close() {
        synchronized (this) {
            if (client != null) {
                client.close();
                client = null;
            }
        }
        server.stop();
        deleteRecursively(baseDir);
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook has nothing left to do.
        }
    }

    @Override
    public String toString() {
        return "etcd at " + clientUrl() + " (log " + logFile() + ")";
    }

    private void enableAuth(String username, String password) {
        try (Client admin = clientBuilder(false).build()) {
            var auth = admin.getAuthClient();
            ByteSequence root = bytes(ROOT);
            String rootPassword = ROOT.equals(username) ? password : password + "-root";
            auth.userAdd(root, bytes(rootPassword)).get();
            auth.roleAdd(root).get();
            auth.userGrantRole(root, root).get();
            if (!ROOT.equals(username)) {
                auth.userAdd(bytes(username), bytes(password)).get();
                auth.userGrantRole(bytes(username), root).get();
            }
            auth.authEnable().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while enabling etcd auth", e);
        } catch (Exception e) {
            throw new IllegalStateException("could not enable auth on " + this, e);
        }
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    /** Distinct free loopback ports: every socket stays open until all are chosen, so none repeats. */
    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new java.util.ArrayList<>(count);
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }
}
