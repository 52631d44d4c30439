package dev.wayfinder.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.provider.etcd.testing.EtcdServerExtension;
import dev.wayfinder.server.cli.InProcessDns;
import dev.wayfinder.server.faults.DnsAsk;
import dev.wayfinder.server.faults.EtcdLoad;
import dev.wayfinder.server.faults.GarbageTraffic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Fault suite, garbage row: 20,000 garbage UDP packets and 2,000 malformed TCP frames against
 * {@code wayfinder dns}: nothing crashes, every TCP connection still answers the valid query sent
 * after its garbage, and the server still answers over UDP and TCP.
 */
class GarbageTrafficTest {

    private static final Logger LOG = LoggerFactory.getLogger(GarbageTrafficTest.class);

    @RegisterExtension
    static final EtcdServerExtension ETCD = new EtcdServerExtension();

    @Test
    void garbageChangesNothing() throws Exception {
        EtcdLoad.put(ETCD.client(), Map.of("/skydns/test/garbage/ok", "{\"host\":\"10.1.2.3\",\"ttl\":30}"));
        try (InProcessDns dns = InProcessDns.start(List.of("--listen", "127.0.0.1:0", "--zone", "garbage.test",
                "--etcd-endpoints", ETCD.clientUrl(), "--ops-listen", "none"), Duration.ofSeconds(30))) {
            Answers.awaitLoaded(dns.address(), "ok.garbage.test");
            long start = System.nanoTime();

            long bytes = GarbageTraffic.udp(dns.address(), 20_000, 14, "ok.garbage.test");
            int stillAnswering = GarbageTraffic.tcp(dns.address(), 20, 100, 14, "ok.garbage.test");

            LOG.info("20,000 garbage UDP packets ({} bytes) and 2,000 malformed TCP frames on 20 connections in {} ms: "
                    + "{}/20 connections answered the query after their garbage", bytes, (System.nanoTime() - start) / 1_000_000, stillAnswering);
            assertThat(stillAnswering).isEqualTo(20);
            assertThat(answered(dns, false)).as("UDP afterwards").isTrue();
            assertThat(answered(dns, true)).as("TCP afterwards").isTrue();
        }
    }

    private static boolean answered(InProcessDns dns, boolean tcp) {
        return DnsAsk.ask(dns.address(), "ok.garbage.test", Type.A, tcp, Duration.ofSeconds(5))
                .map(Message::getRcode).filter(r -> r == Rcode.NOERROR).isPresent();
    }
}
