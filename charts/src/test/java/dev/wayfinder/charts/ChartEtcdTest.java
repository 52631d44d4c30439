package dev.wayfinder.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's etcd arguments start a real etcd (the Debian binary), and the pod's probes answer on the metrics listener.
 * Only what cannot run outside a cluster is rewritten: the pod's DNS names become 127.0.0.1, the ports free ones, the
 * data directory a temporary one.
 */
class ChartEtcdTest {

    private static final Path ETCD = Path.of("/usr/bin/etcd");

    @TempDir
    Path data;

    @Test
    void theChartsEtcdArgumentsStartAMemberWhoseProbesPass() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(ETCD), "needs the etcd binary at /usr/bin/etcd (Debian package etcd-server)");
        StatefulSet etcd = ChartRender.render().get(StatefulSet.class, ChartRender.name("etcd"));
        Container container = etcd.getSpec().getTemplate().getSpec().getContainers().get(0);
        String pod = ChartRender.name("etcd") + "-0";
        String podHost = pod + "." + ChartRender.name("etcd-headless") + "." + ChartRender.NAMESPACE + ".svc.cluster.local";
        Map<Integer, Integer> ports = Map.of(2379, freePort(), 2380, freePort(), 2381, freePort());

        List<String> command = new ArrayList<>(List.of(ETCD.toString()));
        for (String arg : container.getArgs()) {
            String local = arg.replace("$(POD_NAME)." + ChartRender.name("etcd-headless") + "." + ChartRender.NAMESPACE + ".svc.cluster.local",
                            "127.0.0.1").replace(podHost, "127.0.0.1").replace("$(POD_NAME)", pod).replace("0.0.0.0", "127.0.0.1")
                    .replace("/var/lib/etcd/data", data.resolve("member").toString());
            for (Map.Entry<Integer, Integer> p : ports.entrySet()) {
                local = local.replace(":" + p.getKey(), ":" + p.getValue());
            }
            command.add(local);
        }
        // Test-speed elections only (a one-member cluster elects itself in ~0.2 s instead of ~1 s); every chart flag stays.
        command.addAll(List.of("--heartbeat-interval=10", "--election-timeout=100"));
        assertThat(container.getCommand()).containsExactly("etcd");
        assertThat(command).noneMatch(a -> a.contains("svc.cluster.local") || a.contains("$("));

        Path log = Files.createTempFile("chart-etcd", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
            for (HTTPGetAction probe : List.of(container.getReadinessProbe().getHttpGet(), container.getLivenessProbe().getHttpGet())) {
                int port = container.getPorts().stream().filter(p -> p.getName().equals(probe.getPort().getStrVal())).findFirst()
                        .orElseThrow().getContainerPort();
                URI uri = URI.create("http://127.0.0.1:" + ports.get(port) + probe.getPath());
                await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                        .untilAsserted(() -> {
                            assertThat(process.isAlive()).as("etcd exited: %s", Files.readString(log)).isTrue();
                            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(1)).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            assertThat(response.statusCode()).as("%s: %s", uri, response.body()).isEqualTo(200);
                            assertThat(response.body()).contains("\"health\":\"true\"");
                        });
            }
        } finally {
            process.destroy();
            process.waitFor();
            Files.deleteIfExists(log);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
