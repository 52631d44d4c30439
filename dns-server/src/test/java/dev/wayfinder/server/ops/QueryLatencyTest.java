package dev.wayfinder.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The per-thread latency histogram, summed over threads when scraped, as a Prometheus histogram and as a Micrometer timer. */
class QueryLatencyTest {

    @Test
    void threadsCountApartAndAreSummedIntoCumulativeBuckets() throws InterruptedException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        QueryLatency latency = new QueryLatency(registry);
        latency.record(300, true); // a prepared answer: first bucket
        Thread other = new Thread(() -> {
            latency.record(10_000, false); // on the bound: still the first bucket (le is inclusive)
            latency.record(15_000, true);
            latency.record(7_000_000_000L, false); // above every bound: +Inf only
        });
        other.start();
        other.join();

        assertThat(registry.scrape())
                .contains(QueryLatency.NAME + "_bucket{le=\"1.0E-5\"} 2")
                .contains(QueryLatency.NAME + "_bucket{le=\"2.0E-5\"} 3")
                .contains(QueryLatency.NAME + "_bucket{le=\"5.0\"} 3")
                .contains(QueryLatency.NAME + "_bucket{le=\"+Inf\"} 4")
                .contains(QueryLatency.NAME + "_count 4")
                .contains(QueryLatency.NAME + "_sum 7.0000253")
                .contains("wayfinder_dns_prepared_answers_total 2.0");
    }

    @Test
    void anotherRegistryGetsCountAndTotal() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        QueryLatency latency = new QueryLatency(registry);
        latency.record(1_000, true);
        latency.record(3_000, false);

        FunctionTimer t = registry.get("wayfinder.dns.query.duration").functionTimer();
        assertThat(t.count()).isEqualTo(2.0);
        assertThat(t.totalTime(TimeUnit.NANOSECONDS)).isEqualTo(4_000.0);
        assertThat(registry.get("wayfinder.dns.prepared.answers").functionCounter().count()).isEqualTo(1.0);
    }
}
