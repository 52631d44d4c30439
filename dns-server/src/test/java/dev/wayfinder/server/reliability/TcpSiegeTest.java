package dev.wayfinder.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.wayfinder.provider.etcd.testing.EtcdServerExtension;
import dev.wayfinder.server.cli.InProcessDns;
import dev.wayfinder.server.faults.EtcdLoad;
import dev.wayfinder.server.faults.MetricsScrape;
import dev.wayfinder.server.faults.TcpSiege;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fault suite, TCP exhaustion row (short form; bench/faults-dns.sh holds it for a minute and runs it
 * on stock CoreDNS too): 2,000 idle and 130 dripping connections, reopened as soon as they are
 * closed, against a server allowed only 1,000; every new client is still answered over TCP.
 */
class TcpSiegeTest {

    private static final Logger LOG = LoggerFactory.getLogger(TcpSiegeTest.class);
    /** Client and server ends of the siege, the JVM's own files, and room to spare. */
    private static final long FILES_NEEDED = 6_000;

    @RegisterExtension
    static final EtcdServerExtension ETCD = new EtcdServerExtension();

    private static TcpSiege siege(InProcessDns dns, int idle, int drippers, Duration dripEvery) {
        Answers.awaitLoaded(dns.address(), "ok.siege.test");
        return TcpSiege.start(dns.address(), idle, drippers, dripEvery, "ok.siege.test");
    }

    @Test
    void idleAndDrippingConnectionsDoNotLockOutNewClients() throws Exception {
        long files = ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getMaxFileDescriptorCount();
        assumeThat(files).as("this JVM may open %d files; the siege needs %d (raise ulimit -n)", files, FILES_NEEDED)
                .isGreaterThanOrEqualTo(FILES_NEEDED);
        EtcdLoad.put(ETCD.client(), Map.of("/skydns/test/siege/ok", "{\"host\":\"10.1.2.3\",\"ttl\":30}"));
        try (InProcessDns dns = InProcessDns.start(List.of("--listen", "127.0.0.1:0", "--zone", "siege.test",
                "--etcd-endpoints", ETCD.clientUrl(), "--ops-listen", "127.0.0.1:0", "--tcp-max-connections", "1000"), Duration.ofSeconds(30));
             TcpSiege siege = siege(dns, 2_000, 130, Duration.ofSeconds(1))) {
            List<Duration> answered = new ArrayList<>();
            int failed = 0;
            for (int i = 0; i < 40; i++) { // about 8 s: past the message deadline (2 s) several times over
                Optional<Duration> t = siege.probe("ok.siege.test", 1000 + i, Duration.ofSeconds(3));
                if (t.isPresent()) {
                    answered.add(t.get());
                } else {
                    failed++;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            }
            TcpSiege.Pressure p = siege.pressure();
            List<Duration> sorted = answered.stream().sorted().toList();
            LOG.info("2,000 idle + 130 dripping TCP connections (max 1,000): {}/40 new clients answered, median {} ms, max {} ms; "
                            + "attacker connections closed by the server: {} idle, {} dripping; connects refused: {}",
                    answered.size(), sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2).toMillis(),
                    sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1).toMillis(), p.idleClosed(), p.drippersClosed(), p.connectFailures());
            assertThat(failed).isZero();
            assertThat(p.drippersClosed()).as("drippers are cut at the message deadline").isPositive();
            String metrics = MetricsScrape.scrape(dns.opsAddress());
            LOG.info("server side: {} connections open; closed: {} evicted, {} message deadline, {} idle", MetricsScrape.value(metrics,
                    "wayfinder_dns_tcp_connections "), MetricsScrape.value(metrics, "wayfinder_dns_tcp_closed_total{reason=\"evicted\"}"),
                    MetricsScrape.value(metrics, "wayfinder_dns_tcp_closed_total{reason=\"message_timeout\"}"),
                    MetricsScrape.value(metrics, "wayfinder_dns_tcp_closed_total{reason=\"idle\"}"));
            assertThat(MetricsScrape.value(metrics, "wayfinder_dns_tcp_connections ")).isLessThanOrEqualTo(1000);
            assertThat(MetricsScrape.value(metrics, "wayfinder_dns_tcp_closed_total{reason=\"evicted\"}")).isPositive();
        }
    }
}
