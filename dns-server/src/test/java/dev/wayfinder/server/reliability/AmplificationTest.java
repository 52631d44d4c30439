package dev.wayfinder.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.provider.etcd.testing.EtcdServerExtension;
import dev.wayfinder.server.cli.InProcessDns;
import dev.wayfinder.server.faults.Amplification;
import dev.wayfinder.server.faults.BigZone;
import dev.wayfinder.server.faults.DnsAsk;
import dev.wayfinder.server.faults.EtcdLoad;
import dev.wayfinder.server.transport.QueryProcessor;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Fault suite, amplification row: the largest answers of a 2,000-name zone asked with EDNS 65,535.
 * With the defaults every UDP reply fits in 1,232 bytes with TC set (a real client retries over
 * TCP, where the whole answer comes), so bytes out over bytes in stay at most 30.
 */
class AmplificationTest {

    private static final Logger LOG = LoggerFactory.getLogger(AmplificationTest.class);

    @RegisterExtension
    static final EtcdServerExtension ETCD = new EtcdServerExtension();

    @Test
    void theLargestAnswersAreCutToMaxUdpSize() throws Exception {
        EtcdLoad.put(ETCD.client(), BigZone.entries(2_000));
        try (InProcessDns dns = InProcessDns.start(List.of("--listen", "127.0.0.1:0", "--zone", BigZone.ZONE,
                "--etcd-endpoints", ETCD.clientUrl(), "--ops-listen", "none"), Duration.ofSeconds(30))) {
            Answers.awaitLoaded(dns.address(), "svc-0000." + BigZone.ZONE);
            List<Amplification.Row> rows = Amplification.worstQuestions(dns.address(), BigZone.ZONE);

            rows.forEach(r -> LOG.info("{}: {} bytes in, {} bytes out, TC {}, x{}", r.question(), r.queryBytes(), r.replyBytes(),
                    r.truncated(), String.format("%.1f", r.factor())));
            assertThat(rows).allSatisfy(r -> {
                assertThat(r.replyBytes()).as(r.question()).isPositive().isLessThanOrEqualTo(QueryProcessor.DEFAULT_MAX_UDP);
                assertThat(r.factor()).as(r.question()).isLessThanOrEqualTo(30.0);
            });
            assertThat(rows.get(0)).satisfies(srv -> {
                assertThat(srv.queryBytes()).as("the query issue 14 measured").isEqualTo(45);
                assertThat(srv.truncated()).isTrue();
            });
            assertThat(DnsAsk.ask(dns.address(), "*." + BigZone.ZONE, Type.SRV, true, Duration.ofSeconds(10)).orElseThrow()
                    .getSection(Section.ANSWER)).as("over TCP the whole answer comes").hasSize(1_000);
        }
    }
}
