package dev.wayfinder.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wayfinder.config.ControllerConfig;
import dev.wayfinder.config.RawSettings;
import dev.wayfinder.testing.CrudMockApi;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ExternalDNS's {@code external_dns_*} series scraped from {@code /metrics} beside {@code wayfinder_*}, with the names
 * and labels of its controller/metrics.go (v0.22.0), so a dashboard or alert written for ExternalDNS reads them.
 */
@CrudMockApi
class ExternalDnsMetricsScrapeTest {

    static KubernetesClient client;

    @Test
    void anExternalDnsDashboardsSeriesAreServed() throws Exception {
        client.resource(new ServiceBuilder().withNewMetadata().withNamespace("default").withName("web")
                .addToAnnotations("external-dns.kubernetes.io/hostname", "web.example.org").endMetadata()
                .withNewSpec().withType("LoadBalancer").endSpec().withNewStatus().withNewLoadBalancer().addNewIngress().withIp("172.18.0.9")
                .endIngress().endLoadBalancer().endStatus().build()).create();
        ControllerConfig config = ControllerConfig.from(new RawSettings(List.of("service"), "inmemory", List.of("example.org"), List.of(),
                "me", "sync", "1m", false, false, "", "", "", "", "/skydns/", 300, "127.0.0.1:0", 0.5, false, false, "default",
                "wayfinder", "", Map.of()));
        try (ControllerApp app = ControllerApp.start(config, client, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                new PrintWriter(new StringWriter()))) {
            URI uri = URI.create("http://127.0.0.1:" + app.opsAddress().orElseThrow().getPort() + "/metrics");
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(app.memory().orElseThrow().records()).isNotEmpty());
            app.controller().trigger(); // a second pass finds nothing to change: a no-op run, and the record verified
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
                assertThat(body).contains(
                        "external_dns_source_endpoints_total 1.0",
                        "external_dns_registry_endpoints_total 1.0",
                        "external_dns_source_records{record_type=\"A\"} 1.0",
                        "external_dns_registry_records{record_type=\"A\"} 1.0",
                        "external_dns_controller_verified_records{record_type=\"A\"} 1.0",
                        "external_dns_controller_consecutive_soft_errors 0.0",
                        "external_dns_source_errors_total 0.0",
                        "external_dns_registry_errors_total 0.0",
                        "wayfinder_controller_last_sync_timestamp_seconds");
                assertThat(value(body, "external_dns_controller_last_sync_timestamp_seconds")).isPositive();
                assertThat(value(body, "external_dns_controller_last_reconcile_timestamp_seconds")).isPositive();
                assertThat(value(body, "external_dns_controller_no_op_runs_total")).isGreaterThanOrEqualTo(1);
            });
        }
    }

    static double value(String body, String series) {
        return body.lines().filter(l -> l.startsWith(series + " ")).map(l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
                .findFirst().orElseThrow(() -> new AssertionError(series + " not in the scrape"));
    }
}
