package dev.wayfinder.provider.etcd.testing;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Etcd in a container, for machines with Docker but no etcd binary. The data directory is a bind
 * mount and the client port is bound to a fixed host port, so a restart (a fresh container) keeps
 * both the data and the URL, as the local process does.
 */
final class ContainerEtcdServer implements EtcdServer {

    private static final DockerImageName IMAGE = DockerImageName.parse("quay.io/coreos/etcd:v3.5.17");
    private static final int CLIENT_PORT = 2379;

    private final Path dataDir;
    private final Path logFile;
    private final int hostPort;
    private final Optional<EtcdTls> tls;
    private GenericContainer<?> container;

    ContainerEtcdServer(Path dataDir, Path logFile, int hostPort, Optional<EtcdTls> tls) {
        this.dataDir = dataDir;
        this.logFile = logFile;
        this.hostPort = hostPort;
        this.tls = tls;
    }

    @Override
    public synchronized void start() throws IOException {
        Files.createDirectories(dataDir);
        GenericContainer<?> c = new GenericContainer<>(IMAGE)
                .withExposedPorts(CLIENT_PORT)
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(
                        new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", hostPort), ExposedPort.tcp(CLIENT_PORT))))
                .withFileSystemBind(dataDir.toString(), "/etcd-data", BindMode.READ_WRITE)
                .withCommand(command().toArray(String[]::new))
                .withLogConsumer(this::appendLog)
                .waitingFor(Wait.forLogMessage(".*ready to serve client requests.*", 1));
        tls.ifPresent(t -> c.withFileSystemBind(t.caFile().getParent().toString(), "/certs", BindMode.READ_ONLY));
        c.start();
        container = c;
    }

    private List<String> command() {
        String scheme = tls.isPresent() ? "https" : "http";
        List<String> cmd = new ArrayList<>(List.of("etcd",
                "--name", "wayfinder-test",
                "--data-dir", "/etcd-data",
                "--listen-client-urls", scheme + "://0.0.0.0:" + CLIENT_PORT,
                "--advertise-client-urls", clientUrl(),
                "--listen-peer-urls", "http://127.0.0.1:2380",
                "--initial-advertise-peer-urls", "http://127.0.0.1:2380",
                "--initial-cluster", "wayfinder-test=http://127.0.0.1:2380",
                "--heartbeat-interval", "10",
                "--election-timeout", "100"));
        tls.ifPresent(t -> cmd.addAll(List.of(
                "--cert-file", "/certs/" + t.serverCertFile().getFileName(),
                "--key-file", "/certs/" + t.serverKeyFile().getFileName(),
                "--trusted-ca-file", "/certs/" + t.caFile().getFileName(),
                "--client-cert-auth")));
        return cmd;
    }

    private void appendLog(OutputFrame frame) {
        try {
            Files.writeString(logFile, frame.getUtf8String(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void stop() {
        if (container != null) {
            container.stop();
            container = null;
        }
    }

    @Override
    public String clientUrl() {
        return (tls.isPresent() ? "https" : "http") + "://127.0.0.1:" + hostPort;
    }

    @Override
    public Path logFile() {
        return logFile;
    }
}
