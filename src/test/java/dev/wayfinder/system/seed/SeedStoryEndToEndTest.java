package dev.wayfinder.system.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wayfinder.config.ControllerConfig;
import dev.wayfinder.controller.Controller;
import dev.wayfinder.controller.ObjectsFixture;
import dev.wayfinder.controller.TestConfigs;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.skydns.SkyDnsKeys;
import dev.wayfinder.model.skydns.SkyDnsMapping;
import dev.wayfinder.provider.etcd.EtcdProvider;
import dev.wayfinder.provider.etcd.testing.EtcdServerExtension;
import dev.wayfinder.server.answer.AddressPolicy;
import dev.wayfinder.server.answer.Upstream;
import dev.wayfinder.server.cli.DnsRuntime;
import dev.wayfinder.server.etcd.EtcdSnapshotFeed;
import dev.wayfinder.server.snapshot.SnapshotStore;
import dev.wayfinder.server.transport.DnsServer;
import dev.wayfinder.source.api.KubernetesEvents;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The seed story end to end: annotated Service and Ingress in the (CRUD mock) Kubernetes API →
 * the controller → SkyDNS keys in a real etcd, in the format stock CoreDNS's etcd plugin serves,
 * answered over UDP by Wayfinder's DNS server reading that etcd as CoreDNS does; updates follow,
 * deletion removes them, and records written by hand or by ExternalDNS stay.
 */
@EnableKubernetesMockClient(crud = true)
class SeedStoryEndToEndTest {

    @RegisterExtension
    static final EtcdServerExtension ETCD = new EtcdServerExtension();

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ZONE_KEY = "/skydns/k8s/foowidgets/";
    static final Map<String, String> FOREIGN = Map.of(
            // A record written by hand: no owner.
            ZONE_KEY + "manual", "{\"host\":\"10.9.9.9\",\"ttl\":60}",
            // ExternalDNS's record and its TXT registry entry (owner "edns").
            ZONE_KEY + "legacy/1a2b3c4d", "{\"host\":\"10.8.8.8\",\"targetstrip\":1}",
            ZONE_KEY + "a-legacy/5e6f7a8b",
            "{\"text\":\"\\\"heritage=external-dns,external-dns/owner=edns,external-dns/resource=service/x/legacy\\\"\",\"targetstrip\":1}",
            // Garbage someone else wrote: logged and skipped, never fatal.
            ZONE_KEY + "junk", "this is not json");

    static KubernetesClient client;
    static Controller controller;
    static EtcdProvider provider;
    // Wayfinder's DNS server reading the same etcd the way CoreDNS's etcd plugin does: the "dig" of the story.
    static EtcdSnapshotFeed feed;
    static DnsRuntime dns;
    static SimpleResolver resolver;

    @BeforeAll
    static void start() throws Exception {
        for (Map.Entry<String, String> e : FOREIGN.entrySet()) {
            ETCD.client().getKVClient().put(bytes(e.getKey()), bytes(e.getValue())).get(5, TimeUnit.SECONDS);
        }
        ControllerConfig config = TestConfigs.config("coredns", Map.of("ETCD_URLS", ETCD.clientUrl()));
        provider = new EtcdProvider(ETCD.client(), new SkyDnsMapping(new SkyDnsKeys(config.corednsPrefix()),
                List.of(DnsName.of("foowidgets.k8s")), config.defaultTtl()), config.domainFilter());
        controller = new Controller(config, client, provider, new SimpleMeterRegistry(), new KubernetesEvents(client), p -> { });
        controller.start();
        SkyDnsKeys keys = new SkyDnsKeys(config.corednsPrefix());
        SnapshotStore store = new SnapshotStore(Clock.systemUTC());
        feed = new EtcdSnapshotFeed(ETCD.client(), keys.prefix(), store, Duration.ofSeconds(5));
        feed.start(Duration.ofSeconds(1));
        dns = DnsRuntime.start(new DnsRuntime.Config(new InetSocketAddress("127.0.0.1", 0), List.of("foowidgets.k8s"), keys,
                Upstream.NONE, AddressPolicy.NONE, DnsServer.Settings.defaults()), store, new SimpleMeterRegistry(), Clock.systemUTC());
        resolver = new SimpleResolver(dns.address());
        resolver.setTimeout(Duration.ofSeconds(2));
    }

    /** The A answer for {@code name}: its addresses, or empty on NXDOMAIN/NODATA. */
    static List<String> dig(String name) throws Exception {
        Message answer = resolver.send(Message.newQuery(org.xbill.DNS.Record.newRecord(Name.fromString(name + "."), Type.A, DClass.IN)));
        return answer.getSection(Section.ANSWER).stream().filter(r -> r instanceof ARecord)
                .map(r -> ((ARecord) r).getAddress().getHostAddress()).toList();
    }

    @AfterAll
    static void stop() {
        controller.close();
        provider.close();
        dns.close();
        feed.close();
    }

    @Test
    void annotatedServiceAndIngressArePublishedUpdatedAndRemovedWhileForeignRecordsStay() throws Exception {
        Service nginx = ObjectsFixture.loadBalancer("nginx", Map.of(ObjectsFixture.HOSTNAME, "nginx.foowidgets.k8s"), "172.18.200.101");
        client.resource(nginx).create();
        client.resource(ObjectsFixture.ingress("web", "web.foowidgets.k8s", "172.18.200.102")).create();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(values(ZONE_KEY + "nginx/")).singleElement().satisfies(v -> {
                assertThat(v.get("host").asText()).isEqualTo("172.18.200.101");
                assertThat(v.get("ttl").asLong()).isEqualTo(300);
                assertThat(v.get("targetstrip").asInt()).isEqualTo(1);
                assertThat(v.get("owner").asText()).isEqualTo("wf-test");
                assertThat(v.get("resource").asText()).isEqualTo("service/default/nginx");
            });
            assertThat(values(ZONE_KEY + "web/")).singleElement()
                    .satisfies(v -> assertThat(v.get("host").asText()).isEqualTo("172.18.200.102"));
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(dig("nginx.foowidgets.k8s")).containsExactly("172.18.200.101");
            assertThat(dig("web.foowidgets.k8s")).containsExactly("172.18.200.102");
        });
        // The leaf is one label under the name: CoreDNS strips it (targetstrip 1) and answers nginx.foowidgets.k8s.
        assertThat(keys(ZONE_KEY + "nginx/")).singleElement().satisfies(k -> assertThat(k).matches(ZONE_KEY + "nginx/[^/]+"));

        client.resource(new ServiceBuilder(client.resource(nginx).get()).editStatus().editLoadBalancer().editFirstIngress()
                .withIp("172.18.200.103").endIngress().endLoadBalancer().endStatus().build()).updateStatus();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(values(ZONE_KEY + "nginx/")).singleElement()
                .satisfies(v -> assertThat(v.get("host").asText()).isEqualTo("172.18.200.103")));

        client.resource(nginx).delete();
        client.network().v1().ingresses().inNamespace("default").withName("web").delete();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(keys(ZONE_KEY + "nginx/")).isEmpty();
            assertThat(keys(ZONE_KEY + "web/")).isEmpty();
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(dig("nginx.foowidgets.k8s")).isEmpty());
        assertThat(dig("manual.foowidgets.k8s")).containsExactly("10.9.9.9");
        assertForeignUntouched();
    }

    @Test
    void aNameExternalDnsOwnsIsNotTakenAndTheObjectGetsAConflictEvent() throws Exception {
        client.resource(ObjectsFixture.loadBalancer("thief", Map.of(ObjectsFixture.HOSTNAME, "legacy.foowidgets.k8s,mine.foowidgets.k8s"),
                "172.18.200.110")).create();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(values(ZONE_KEY + "mine/")).singleElement()
                    .satisfies(v -> assertThat(v.get("host").asText()).isEqualTo("172.18.200.110"));
            List<Event> events = client.v1().events().inNamespace("default").list().getItems();
            assertThat(events).anySatisfy(e -> {
                assertThat(e.getInvolvedObject().getName()).isEqualTo("thief");
                assertThat(e.getReason()).isEqualTo("Conflict");
                assertThat(e.getMessage()).contains("legacy.foowidgets.k8s", "owner edns");
            });
        });
        assertForeignUntouched();
        client.services().inNamespace("default").withName("thief").delete();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(keys(ZONE_KEY + "mine/")).isEmpty());
        assertForeignUntouched();
    }

    static void assertForeignUntouched() throws Exception {
        Map<String, String> now = new TreeMap<>();
        for (KeyValue kv : read(ZONE_KEY)) {
            String key = kv.getKey().toString(StandardCharsets.UTF_8);
            if (FOREIGN.containsKey(key)) {
                now.put(key, kv.getValue().toString(StandardCharsets.UTF_8));
            }
        }
        assertThat(now).isEqualTo(new TreeMap<>(FOREIGN));
    }

    static List<KeyValue> read(String prefix) throws Exception {
        return ETCD.client().getKVClient().get(bytes(prefix), GetOption.builder().isPrefix(true).build()).get(5, TimeUnit.SECONDS).getKvs();
    }

    static List<String> keys(String prefix) throws Exception {
        return read(prefix).stream().map(kv -> kv.getKey().toString(StandardCharsets.UTF_8)).toList();
    }

    static List<JsonNode> values(String prefix) throws Exception {
        return read(prefix).stream().map(kv -> {
            try {
                return JSON.readTree(kv.getValue().toString(StandardCharsets.UTF_8));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}
