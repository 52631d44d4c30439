package dev.wayfinder.gslb.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.gslb.api.GslbParserTest;
import dev.wayfinder.gslb.api.GslbSpec;
import dev.wayfinder.gslb.api.NamespacedName;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * k8gb's series as Prometheus scrapes them, with k8gb v0.21's names and labels (controllers/providers/metrics/prometheus.go
 * lines 63-79, 131-224, 489-510): the seed's failover Gslb in us-buf, the primary, failed over to us-nyc.
 */
class K8gbMetricsTest {

    static final GslbSpec SEED = GslbParserTest.parse(GslbParserTest.SEED.formatted("k8gb.io/v1beta1"));
    static final GslbStatus.Served SERVED = new GslbStatus.Served(List.of("10.0.0.1", "10.0.0.2"),
            List.of(new GslbStatus.Server("fe.gb.foowidgets.k8s", List.of(new NamespacedName("test-gslb", "frontend-podinfo")))));

    @Test
    void theSeriesK8gbDashboardsRead() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        K8gbMetrics metrics = new K8gbMetrics(registry, "us-buf");

        metrics.observe(SEED, List.of(KubernetesGslbReporterTest.failover(KubernetesGslbReporterTest.T0)), SERVED);
        metrics.passed("test-gslb", "test-gslb-failover", true);
        metrics.passed("test-gslb", "test-gslb-failover", true);
        metrics.passed("test-gslb", "test-gslb-failover", false);
        String scrape = registry.scrape();

        String gslb = "name=\"test-gslb-failover\",namespace=\"test-gslb\"";
        assertThat(scrape).contains(
                "k8gb_gslb_service_status_num{" + gslb + ",status=\"Unhealthy\"} 1",
                "k8gb_gslb_service_status_num{" + gslb + ",status=\"Healthy\"} 0",
                "k8gb_gslb_service_status_num{" + gslb + ",status=\"NotFound\"} 0",
                "k8gb_gslb_healthy_records{" + gslb + "} 1",
                "k8gb_gslb_healthy_local_records{geotag=\"us-buf\"," + gslb + "} 0",
                "k8gb_gslb_status_count_for_failover{" + gslb + ",status=\"Unhealthy_primary\"} 1",
                "k8gb_gslb_status_count_for_failover{" + gslb + ",status=\"Healthy_primary\"} 0",
                "k8gb_endpoint_status_num{dns_name=\"fe.gb.foowidgets.k8s\"," + gslb + "} 1",
                "k8gb_gslb_reconciliation_loops_total{" + gslb + "} 2",
                "k8gb_gslb_errors_total{" + gslb + "} 1");

        metrics.observe(SEED, List.of(KubernetesGslbReporterTest.primary()), SERVED);
        assertThat(registry.scrape()).contains("k8gb_endpoint_status_num{dns_name=\"localtargets-fe.gb.foowidgets.k8s\"," + gslb + "} 2",
                "k8gb_gslb_healthy_local_records{geotag=\"us-buf\"," + gslb + "} 2");
        metrics.observe(SEED, List.of(KubernetesGslbReporterTest.failover(KubernetesGslbReporterTest.T0)), SERVED);
        assertThat(registry.scrape()).contains("k8gb_endpoint_status_num{dns_name=\"localtargets-fe.gb.foowidgets.k8s\"," + gslb + "} 0");

        metrics.forget("test-gslb", "test-gslb-failover");
        assertThat(registry.scrape()).doesNotContain("test-gslb-failover");
    }
}
