package dev.wayfinder.system.enterprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wayfinder.config.ControllerConfig;
import dev.wayfinder.config.RawSettings;
import dev.wayfinder.controller.Controller;
import dev.wayfinder.demo.net.Ports;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.skydns.SkyDnsKeys;
import dev.wayfinder.model.skydns.SkyDnsMapping;
import dev.wayfinder.provider.etcd.EtcdProvider;
import dev.wayfinder.provider.etcd.testing.EtcdServerExtension;
import dev.wayfinder.source.api.KubernetesEvents;
import dev.wayfinder.testing.CrudMockApi;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Issue 6 (a), conditional forwarding: the enterprise's BIND forwards {@code foowidgets.k8s} to
 * {@code wayfinder dns}, which answers from the etcd the controller writes. The client asks BIND only.
 * BIND runs {@code deploy/examples/bind/forward/named-forward.conf} as shipped.
 */
@CrudMockApi
class ConditionalForwardingTest {

    static final String ZONE = "foowidgets.k8s";
    static final String HOSTNAME = "external-dns.alpha.kubernetes.io/hostname";

    @RegisterExtension
    static final EtcdServerExtension ETCD = new EtcdServerExtension();

    static KubernetesClient client;
    static EtcdProvider provider;
    static Controller controller;
    static WayfinderDns wayfinder;
    static BindServer named;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(BindServer.NAMED), BindServer.NAMED + " is missing: install bind9 to run this test");
        ControllerConfig config = ControllerConfig.from(new RawSettings(List.of("service"), "coredns", List.of(ZONE), List.of(), "wf-test",
                "sync", "1m", false, false, "", "", "", "", "/skydns/", 300, "", 0.5, false, false, "default", "wayfinder", "",
                Map.of("ETCD_URLS", ETCD.clientUrl())));
        provider = new EtcdProvider(ETCD.client(), new SkyDnsMapping(new SkyDnsKeys(config.corednsPrefix()),
                List.of(DnsName.of(ZONE)), config.defaultTtl()), config.domainFilter());
        controller = new Controller(config, client, provider, new SimpleMeterRegistry(), new KubernetesEvents(client), p -> { });
        controller.start();
        wayfinder = WayfinderDns.start(ETCD.client(), new InetSocketAddress("127.0.0.1", 0), List.of(ZONE));

        Path dir = BindServer.tempDir("wayfinder-forward-");
        int port = Ports.freeUdpAndTcp();
        String conf = BindServer.fill("forward/named-forward.conf", Map.of("DIRECTORY", dir.toString(), "LISTEN", "127.0.0.1",
                "LISTEN_PORT", Integer.toString(port), "CLIENTS", "127.0.0.1;", "ZONE", ZONE, "WAYFINDERS", "127.0.0.1;",
                "WAYFINDER_PORT", Integer.toString(wayfinder.address().getPort()),
                // Short caches so the removal is seen within the test; production values are in the file's header.
                "MAX_CACHE_TTL", "1", "MAX_NCACHE_TTL", "1"));
        named = BindServer.start(dir, conf, new InetSocketAddress("127.0.0.1", port), ZONE);
    }

    @AfterAll
    static void stop() {
        if (named != null) {
            named.close();
        }
        if (controller != null) {
            controller.close();
        }
        if (provider != null) {
            provider.close();
        }
        if (wayfinder != null) {
            wayfinder.close();
        }
    }

    @Test
    void bindAnswersTheAnnotatedServiceThroughWayfinderAndForgetsItWhenDeleted() throws Exception {
        Service nginx = new ServiceBuilder()
                .withNewMetadata().withNamespace("default").withName("nginx").withAnnotations(Map.of(HOSTNAME, "nginx." + ZONE)).endMetadata()
                .withNewSpec().withType("LoadBalancer").withClusterIP("10.96.0.10")
                .addNewPort().withName("http").withProtocol("TCP").withPort(80).endPort().endSpec()
                .withNewStatus().withNewLoadBalancer().addNewIngress().withIp("172.18.200.101").endIngress().endLoadBalancer().endStatus()
                .build();
        client.resource(nginx).create();

        await("BIND forwarding nginx." + ZONE).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    Message answer = named.query("nginx." + ZONE, Type.A, Duration.ofSeconds(2));
                    assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
                    assertThat(answer.getSection(Section.ANSWER)).extracting(Record::rdataToString).containsExactly("172.18.200.101");
                });

        client.resource(nginx).delete();
        await("BIND answering NXDOMAIN for nginx." + ZONE).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(named.query("nginx." + ZONE, Type.A, Duration.ofSeconds(2)).getRcode())
                        .as("rcode").isEqualTo(Rcode.NXDOMAIN));
        // A name never published is NXDOMAIN too, straight from wayfinder through BIND.
        assertThat(named.query("never." + ZONE, Type.A, Duration.ofSeconds(2)).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }
}
