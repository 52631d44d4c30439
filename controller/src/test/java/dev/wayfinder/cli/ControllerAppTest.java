package dev.wayfinder.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wayfinder.config.ControllerConfig;
import dev.wayfinder.config.RawSettings;
import dev.wayfinder.gslb.settings.RawGslb;
import dev.wayfinder.testing.CrudMockApi;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The composition root end to end for one GSLB cluster: the mock API with the k8gb.io CRD only, the
 * in-memory provider answered over real UDP by the embedded DNS server, the real peer poller (its one
 * peer unreachable) and the ops server.
 */
@CrudMockApi
class ControllerAppTest {

    static KubernetesClient client;

    @Test
    void aGslbIsAnsweredOverDnsAndTheOpsServerIsUp() throws Exception {
        GslbFixture.publishHealthyGslb(client, "{type: failover, primaryGeoTag: us-buf, dnsTtlSeconds: 10}");
        ControllerConfig config = ControllerConfig.from(new RawSettings(List.of("gslb"), "inmemory", List.of("gb.foowidgets.k8s"), List.of(),
                "us-buf", "sync", "1m", false, false, "", "", "", "", "/skydns/", 300, "127.0.0.1:0", 0.5, false, false, "default",
                "wayfinder", "127.0.0.1:0", Map.of(), null, new RawGslb("us-buf", List.of("us-nyc=127.0.0.1:9"), List.of(), List.of(), "",
                List.of(), "5s", "200ms", "30s", 30)));

        try (ControllerApp app = ControllerApp.start(config, client, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                new PrintWriter(new StringWriter()))) {
            assertThat(app.memory()).isPresent();
            InetSocketAddress dns = app.dnsAddress().orElseThrow();
            SimpleResolver resolver = new SimpleResolver(dns);
            resolver.setTimeout(Duration.ofSeconds(2));
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                assertThat(a(resolver, "fe.gb.foowidgets.k8s.")).containsExactly("10.2.1.167");
                assertThat(a(resolver, "localtargets-fe.gb.foowidgets.k8s.")).containsExactly("10.2.1.167");
            });
            Message answer = resolver.send(Message.newQuery(Record.newRecord(Name.fromString("fe.gb.foowidgets.k8s."), Type.A, 1)));
            assertThat(answer.getSection(Section.ANSWER)).allSatisfy(r -> assertThat(r.getTTL()).isEqualTo(10));
            assertThat(resolver.send(Message.newQuery(Record.newRecord(Name.fromString("nope.gb.foowidgets.k8s."), Type.A, 1))).getRcode())
                    .isEqualTo(Rcode.NXDOMAIN);

            InetSocketAddress ops = app.opsAddress().orElseThrow();
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.getPort()
                    + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(app.controller().cachesLoaded()).isCompleted();
        }
    }

    static List<String> a(SimpleResolver resolver, String name) throws Exception {
        Message m = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, 1)));
        return m.getSection(Section.ANSWER).stream().filter(ARecord.class::isInstance).map(r -> ((ARecord) r).getAddress().getHostAddress())
                .sorted().toList();
    }

    /** k8gb's k8gb_runtime_info series, with its labels, once per registry. */
    @org.junit.jupiter.api.Test
    void k8gbRuntimeInfo() {
        io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry =
                new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        ControllerApp.runtimeInfo(registry);
        ControllerApp.runtimeInfo(registry);

        String scrape = registry.scrape();
        org.assertj.core.api.Assertions.assertThat(scrape).containsOnlyOnce("k8gb_runtime_info{").contains("go_version=\"java",
                "k8gb_version=", "git_sha=", "namespace=", "arch=", "os=");
    }
}
