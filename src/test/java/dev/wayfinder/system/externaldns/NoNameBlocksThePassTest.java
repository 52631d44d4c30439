package dev.wayfinder.system.externaldns;

import static dev.wayfinder.system.externaldns.CoreDnsFixture.OWNER;
import static dev.wayfinder.system.externaldns.CoreDnsFixture.ZONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wayfinder.cli.ControllerApp;
import dev.wayfinder.cli.ControllerCommand;
import dev.wayfinder.config.ControllerConfig;
import dev.wayfinder.provider.etcd.testing.EtcdServerExtension;
import dev.wayfinder.system.externaldns.CoreDnsFixture.ArgSet;
import dev.wayfinder.system.externaldns.CoreDnsFixture.Published;
import dev.wayfinder.testing.CrudMockApi;
import io.etcd.jetcd.ByteSequence;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A name whose value cannot be taken over (here a value that is no SkyDNS record sits at the key
 * the adopted CNAME must be written to) is reported on its Service, with the name and the reason,
 * and every other name is adopted and keeps following its Service: the pass succeeds and
 * {@code /readyz} stays ready. (A transient fault failing the pass and {@code /readyz}: {@code ReadinessTest}.)
 */
@CrudMockApi
class NoNameBlocksThePassTest {

    @RegisterExtension
    static final EtcdServerExtension ETCD = new EtcdServerExtension();

    static KubernetesClient client;

    @Test
    void aNameThatCannotBeAdoptedIsReportedAndTheRestGoesThrough() throws Exception {
        ArgSet set = new ArgSet("chart values", CoreDnsTakeOverTest.CHART, false, (n, t) -> t.toLowerCase() + "-" + n, n -> n);
        Stores.put(ETCD.client(), CoreDnsFixture.etcd(set));
        // Someone's junk exactly where the adopted single-target CNAME goes (CoreDNS answers a CNAME question by exact read).
        Stores.put(ETCD.client(), Map.of(CoreDnsFixture.PREFIX + "k8s/foowidgets/shop", "this is not json"));
        List<Published> published = CoreDnsFixture.published(set);
        published.forEach(p -> client.resource(CoreDnsFixture.service(p)).create());
        ControllerConfig config = ControllerCommand.configFrom(CoreDnsTakeOverTest.with(CoreDnsTakeOverTest.CHART,
                "--metrics-address=127.0.0.1:0"), Map.of("ETCD_URLS", ETCD.clientUrl()));

        try (ControllerApp app = ControllerApp.start(config, client, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                new PrintWriter(Writer.nullWriter()))) {
            await("ready").atMost(Duration.ofSeconds(10)).until(() -> Stores.readyz(app) == 200);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                for (Published p : published.stream().filter(p -> !p.service().equals("shop")).toList()) {
                    assertThat(Stores.ours(ETCD.client(), CoreDnsFixture.key(p.name()))).as(p.name()).isNotEmpty()
                            .allSatisfy(v -> assertThat(v.path("owner").asText()).isEqualTo(OWNER));
                }
                List<Event> events = client.v1().events().inNamespace("default").list().getItems();
                assertThat(events).anySatisfy(e -> {
                    assertThat(e.getInvolvedObject().getName()).isEqualTo("shop");
                    assertThat(e.getReason()).isEqualTo("Refused");
                    assertThat(e.getMessage()).contains("shop." + ZONE, "not a SkyDNS record");
                });
            });
            assertThat(Stores.readyz(app)).as("a refused name does not fail the pass").isEqualTo(200);

            client.resource(new ServiceBuilder(client.services().inNamespace("default").withName("nginx").get()).editStatus()
                    .editLoadBalancer().editFirstIngress().withIp("172.18.200.201").endIngress().endLoadBalancer().endStatus().build())
                    .updateStatus();
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(5)).until(() -> Stores.ours(ETCD.client(),
                    CoreDnsFixture.key("nginx." + ZONE)).stream().anyMatch(v -> v.get("host").asText().equals("172.18.200.201")));
        }
    }
}
