package dev.wayfinder.system.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wayfinder.demo.cluster.ClusterDns;
import dev.wayfinder.demo.cluster.ClusterSpec;
import dev.wayfinder.demo.net.Ports;
import dev.wayfinder.demo.cluster.Progress;
import dev.wayfinder.demo.cluster.Seed;
import dev.wayfinder.demo.cluster.SimulatedCluster;
import dev.wayfinder.demo.timeline.Answer;
import dev.wayfinder.demo.timeline.Dig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A machine without etcd: the simulated cluster keeps its records in the controller's memory and
 * answers from its embedded DNS server, and the seed's objects still resolve.
 */
class MemoryStoreClusterTest {

    @Test
    void withoutEtcdTheControllersEmbeddedDnsAnswersTheSeed() throws Exception {
        ClusterSpec spec = new ClusterSpec("us-buf", "10.2.1.167", Ports.freeUdpAndTcp(), Map.of(), List.of(), ClusterSpec.Timings.DEFAULTS);
        try (SimulatedCluster cluster = SimulatedCluster.start(spec, SimulatedCluster.Store.MEMORY, ClusterDns.wayfinder(), Progress.SILENT);
             Dig dig = new Dig(cluster.dnsAddress(), Duration.ofMillis(500))) {
            assertThat(cluster.etcd()).isEmpty();
            cluster.publishNginx(Seed.NGINX_IP);
            cluster.publishGslb(Seed.manifest(Seed.FAILOVER));

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                assertThat(dig.a(Seed.NGINX_HOST)).isEqualTo(Answer.of(Seed.NGINX_IP));
                assertThat(dig.a(Seed.GSLB_HOST)).isEqualTo(Answer.of("10.2.1.167"));
            });
            // Alone and unhealthy, the failover Gslb has no target left: NXDOMAIN, as k8gb answers.
            cluster.setReady(false);
            await().atMost(Duration.ofSeconds(10)).until(() -> dig.a(Seed.GSLB_HOST).equals(Answer.NXDOMAIN));
        }
    }
}
