package dev.wayfinder.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.server.snapshot.SnapshotStore;
import dev.wayfinder.server.snapshot.ZoneSnapshot;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

class OpsServerTest {

    private static HttpResponse<String> get(OpsServer ops, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.address().getPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesMetricsAndProbesThatFollowTheirChecks() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SnapshotStore store = new SnapshotStore(Clock.systemUTC());
        DnsMetrics metrics = new DnsMetrics(registry, store);
        store.publish(ZoneSnapshot.empty().apply(42, List.of(ZoneSnapshot.Change.put("/skydns/test/a", "{\"host\":\"10.0.0.1\"}"))));
        metrics.answered(Type.A, Rcode.NOERROR, 120_000, false);
        metrics.answered(Type.AAAA, Rcode.NXDOMAIN, 80_000, true);
        AtomicBoolean ready = new AtomicBoolean(false);
        HealthCheck readiness = HealthCheck.of("snapshot", () -> ready.get() ? HealthCheck.Result.ok("loaded") : HealthCheck.Result.failing("not loaded"));

        try (OpsServer ops = OpsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), registry,
                List.of(HealthCheck.of("dns", () -> HealthCheck.Result.ok("listening"))), List.of(readiness))) {
            HttpResponse<String> m = get(ops, "/metrics");
            assertThat(m.statusCode()).isEqualTo(200);
            assertThat(m.body())
                    .contains("wayfinder_dns_queries_total{rcode=\"NOERROR\",transport=\"udp\",type=\"A\"} 1.0")
                    .contains("wayfinder_dns_queries_total{rcode=\"NXDOMAIN\",transport=\"tcp\",type=\"AAAA\"} 1.0")
                    .contains("wayfinder_dns_query_duration_seconds_bucket")
                    .contains("wayfinder_dns_snapshot_revision 42.0")
                    .contains("wayfinder_dns_snapshot_keys 1.0")
                    .contains("wayfinder_dns_snapshot_age_seconds 0.0");

            assertThat(get(ops, "/healthz").statusCode()).isEqualTo(200);
            HttpResponse<String> notReady = get(ops, "/readyz");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).contains("[-] snapshot: not loaded");

            ready.set(true);
            HttpResponse<String> isReady = get(ops, "/readyz");
            assertThat(isReady.statusCode()).isEqualTo(200);
            assertThat(isReady.body()).contains("[+] snapshot: loaded").endsWith("ok\n");
        }
    }

    @Test
    void aCheckThatThrowsCountsAsFailing() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HealthCheck broken = HealthCheck.of("broken", () -> {
            throw new IllegalStateException("boom");
        });
        try (OpsServer ops = OpsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), registry, List.of(broken), List.of())) {
            HttpResponse<String> r = get(ops, "/healthz");
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).contains("broken: check failed").contains("boom");
            assertThat(get(ops, "/readyz").statusCode()).isEqualTo(200);
        }
    }
}
