package dev.wayfinder.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.provider.etcd.testing.EtcdServerExtension;
import dev.wayfinder.server.cli.InProcessDns;
import dev.wayfinder.server.faults.EtcdLoad;
import dev.wayfinder.server.faults.MetricsScrape;
import dev.wayfinder.server.faults.QueryTypeSweep;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fault suite, metrics row: a query of every one of the 65,536 types; /metrics grows by a bounded
 * number of series, and the query counter's type label takes only CoreDNS's monitored type names
 * (plugin/metrics/vars/monitor.go:7-27 at v1.10.1), {@code other} and {@code unparseable}.
 */
class QueryTypeSeriesTest {

    private static final Logger LOG = LoggerFactory.getLogger(QueryTypeSeriesTest.class);
    private static final Set<String> TYPE_LABELS = Set.of("AAAA", "A", "CNAME", "DNSKEY", "DS", "MX", "NSEC3", "NSEC", "NS", "PTR",
            "RRSIG", "SOA", "SRV", "TXT", "HTTPS", "IXFR", "AXFR", "ANY", "other", "unparseable");
    private static final Pattern TYPE = Pattern.compile("^wayfinder_dns_queries_total\\{.*type=\"([^\"]*)\"");

    @RegisterExtension
    static final EtcdServerExtension ETCD = new EtcdServerExtension();

    @Test
    void everyQueryTypeLeavesTheSeriesBounded() throws Exception {
        EtcdLoad.put(ETCD.client(), Map.of("/skydns/test/series/ok", "{\"host\":\"10.1.2.3\",\"ttl\":30}"));
        try (InProcessDns dns = InProcessDns.start(List.of("--listen", "127.0.0.1:0", "--zone", "series.test",
                "--etcd-endpoints", ETCD.clientUrl(), "--ops-listen", "127.0.0.1:0"), Duration.ofSeconds(30))) {
            Answers.awaitLoaded(dns.address(), "ok.series.test");
            long before = MetricsScrape.series(MetricsScrape.scrape(dns.opsAddress()), "");

            int replies = QueryTypeSweep.allTypes(dns.address(), "ok.series.test");

            String after = MetricsScrape.scrape(dns.opsAddress());
            long queries = MetricsScrape.series(after, "wayfinder_dns_queries_total");
            Set<String> types = after.lines().map(TYPE::matcher).filter(Matcher::find).map(m -> m.group(1)).collect(Collectors.toSet());
            LOG.info("65,536 query types ({} replies): /metrics {} -> {} series, {} of them wayfinder_dns_queries_total; type labels {}",
                    replies, before, MetricsScrape.series(after, ""), queries, types.size());
            assertThat(replies).as("the server answered the sweep").isGreaterThan(60_000);
            assertThat(TYPE_LABELS).containsAll(types);
            assertThat(types).contains("other", "A", "ANY");
            assertThat(queries).as("types x rcodes x one transport").isLessThanOrEqualTo(TYPE_LABELS.size() * 4L);
            assertThat(MetricsScrape.series(after, "") - before).isLessThan(100);
        }
    }
}
