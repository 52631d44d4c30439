package dev.wayfinder.system.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wayfinder.config.ControllerConfig;
import dev.wayfinder.controller.Controller;
import dev.wayfinder.source.api.KubernetesEvents;
import dev.wayfinder.controller.ObjectsFixture;
import dev.wayfinder.controller.TestConfigs;
import dev.wayfinder.demo.cluster.KubeApi;
import dev.wayfinder.demo.cluster.Seed;
import dev.wayfinder.demo.timeline.Answer;
import dev.wayfinder.demo.timeline.Dig;
import dev.wayfinder.demo.timeline.StepResult;
import dev.wayfinder.demo.timeline.Timeline;
import dev.wayfinder.demo.timeline.TimelineText;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.skydns.SkyDnsKeys;
import dev.wayfinder.model.skydns.SkyDnsMapping;
import dev.wayfinder.provider.etcd.EtcdProvider;
import dev.wayfinder.provider.etcd.testing.EtcdProcess;
import dev.wayfinder.system.support.Ask;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The seed story end to end, told once per DNS server: the seed's annotated nginx Service and an Ingress
 * in the (CRUD mock) Kubernetes API → the controller → SkyDNS keys in a real etcd → the DNS server the
 * subclass starts over that etcd, asked over UDP. Updates follow, deletion removes the name, and records
 * written by hand or by ExternalDNS stay, still answered. Each step's time from the API write until the
 * server answers is measured (polled every 10 ms) and logged as one line ({@code seed story on ...}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SeedStory {

    private static final Logger LOG = LoggerFactory.getLogger(SeedStory.class);
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ZONE = "foowidgets.k8s";
    static final String ZONE_KEY = "/skydns/k8s/foowidgets/";
    static final Duration LIMIT = Duration.ofSeconds(20);
    static final int IP_CHANGES = 5;
    static final Map<String, String> FOREIGN = Map.of(
            // A record written by hand: no owner.
            ZONE_KEY + "manual", "{\"host\":\"10.9.9.9\",\"ttl\":60}",
            // ExternalDNS's record and its TXT registry entry (owner "edns"), as its coredns provider writes them.
            ZONE_KEY + "legacy/1a2b3c4d", "{\"host\":\"10.8.8.8\",\"targetstrip\":1}",
            ZONE_KEY + "a-legacy/5e6f7a8b",
            "{\"text\":\"\\\"heritage=external-dns,external-dns/owner=edns,external-dns/resource=service/x/legacy\\\"\",\"targetstrip\":1}",
            // Garbage someone else wrote: the controller logs and skips it, never fatal.
            ZONE_KEY + "junk", "this is not json");

    /** A DNS server over the story's etcd, answering for {@link #ZONE}. */
    interface DnsUnderTest extends AutoCloseable {
        InetSocketAddress address();

        /** How the log line names it. */
        String label();
    }

    EtcdProcess etcd;
    KubeApi api;
    KubernetesClient client;
    Controller controller;
    EtcdProvider provider;
    DnsUnderTest dns;
    Dig dig;

    /** Starts the server under test over the etcd at {@code etcdUrl}, answering once this returns. */
    abstract DnsUnderTest startDns(String etcdUrl);

    @BeforeAll
    void start() throws Exception {
        etcd = EtcdProcess.start();
        for (Map.Entry<String, String> e : FOREIGN.entrySet()) {
            etcd.client().getKVClient().put(bytes(e.getKey()), bytes(e.getValue())).get(5, TimeUnit.SECONDS);
        }
        api = KubeApi.start();
        client = api.client();
        ControllerConfig config = TestConfigs.config("coredns", Map.of("ETCD_URLS", etcd.clientUrl()));
        provider = new EtcdProvider(etcd.client(), new SkyDnsMapping(new SkyDnsKeys(config.corednsPrefix()), List.of(DnsName.of(ZONE)),
                config.defaultTtl()), config.domainFilter());
        controller = new Controller(config, client, provider, new SimpleMeterRegistry(), new KubernetesEvents(client), p -> { });
        controller.start();
        dns = startDns(etcd.clientUrl());
        dig = new Dig(dns.address(), Duration.ofMillis(500));
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {dig, controller, provider, dns, api, etcd}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void annotatedServiceAndIngressArePublishedUpdatedAndRemovedWhileForeignRecordsStay() throws Exception {
        List<String> figures = new ArrayList<>();
        try (Timeline timeline = new Timeline(Map.of(dns.label(), dns.address()), Duration.ofMillis(10), line -> { })) {
            figures.add("Service created " + seconds(step(timeline, "nginx." + ZONE, () -> Seed.publishNginx(client, Seed.NGINX_IP),
                    Answer.of(Seed.NGINX_IP))));
            figures.add("Ingress created " + seconds(step(timeline, "web." + ZONE, () -> client.resource(
                    ObjectsFixture.ingress("web", "web." + ZONE, "172.18.200.102")).create(), Answer.of("172.18.200.102"))));
            assertPublishedInCoreDnsFormat();

            List<Duration> changes = new ArrayList<>();
            for (int i = 0; i < IP_CHANGES; i++) {
                String ip = "172.18.200." + (110 + i);
                changes.add(step(timeline, "nginx." + ZONE, () -> Seed.publishNginx(client, ip), Answer.of(ip)));
            }
            Collections.sort(changes);
            figures.add("load-balancer IP changed (" + IP_CHANGES + "×) p50 " + seconds(changes.get(IP_CHANGES / 2)) + " max "
                    + seconds(changes.get(IP_CHANGES - 1)));

            figures.add("Service deleted " + seconds(step(timeline, "nginx." + ZONE,
                    () -> client.services().inNamespace("default").withName("nginx").delete(), Answer.NXDOMAIN)));
            figures.add("Ingress deleted " + seconds(step(timeline, "web." + ZONE,
                    () -> client.network().v1().ingresses().inNamespace("default").withName("web").delete(), Answer.NXDOMAIN)));
        }
        LOG.info("seed story on {}: API write → answer: {}", dns.label(), String.join("; ", figures));
        assertThat(keys(ZONE_KEY + "nginx/")).isEmpty();
        assertThat(keys(ZONE_KEY + "web/")).isEmpty();
        assertForeignUntouchedAndAnswered();
    }

    @Test
    void aNameExternalDnsOwnsIsNotTakenAndTheObjectGetsAConflictEvent() throws Exception {
        client.resource(ObjectsFixture.loadBalancer("thief", Map.of(ObjectsFixture.HOSTNAME, "legacy." + ZONE + ",mine." + ZONE),
                "172.18.200.120")).create();
        await().atMost(LIMIT).untilAsserted(() -> {
            assertThat(dig.a("mine." + ZONE)).isEqualTo(Answer.of("172.18.200.120"));
            List<Event> events = client.v1().events().inNamespace("default").list().getItems();
            assertThat(events).anySatisfy(e -> {
                assertThat(e.getInvolvedObject().getName()).isEqualTo("thief");
                assertThat(e.getReason()).isEqualTo("Conflict");
                assertThat(e.getMessage()).contains("legacy." + ZONE, "owner edns");
            });
        });
        assertForeignUntouchedAndAnswered();
        client.services().inNamespace("default").withName("thief").delete();
        await().atMost(LIMIT).until(() -> dig.a("mine." + ZONE).equals(Answer.NXDOMAIN));
        assertThat(keys(ZONE_KEY + "mine/")).isEmpty();
        assertForeignUntouchedAndAnswered();
    }

    /** Runs {@code action} and returns how long until the server answered {@code expected} for {@code name}. */
    Duration step(Timeline timeline, String name, Runnable action, Answer expected) {
        StepResult r = timeline.step(name, name, action, Map.of(dns.label(), expected), LIMIT);
        assertThat(r.complete()).as(name + " → " + expected + " on " + dns.label() + " within " + LIMIT + "; last answer "
                + r.last().get(dns.label())).isTrue();
        return r.reached().get(dns.label()).orElseThrow();
    }

    /** The keys and values in etcd are in the format stock CoreDNS's etcd plugin reads, with Wayfinder's ownership beside. */
    void assertPublishedInCoreDnsFormat() throws Exception {
        assertThat(values(ZONE_KEY + "nginx/")).singleElement().satisfies(v -> {
            assertThat(v.get("host").asText()).isEqualTo(Seed.NGINX_IP);
            assertThat(v.get("ttl").asLong()).isEqualTo(300);
            assertThat(v.get("targetstrip").asInt()).isEqualTo(1);
            assertThat(v.get("owner").asText()).isEqualTo("wf-test");
            assertThat(v.get("resource").asText()).isEqualTo("service/default/nginx");
        });
        // The leaf is one label under the name: CoreDNS strips it (targetstrip 1) and answers nginx.foowidgets.k8s.
        assertThat(keys(ZONE_KEY + "nginx/")).singleElement().satisfies(k -> assertThat(k).matches(ZONE_KEY + "nginx/[^/]+"));
        assertThat(values(ZONE_KEY + "web/")).singleElement().satisfies(v -> assertThat(v.get("host").asText()).isEqualTo("172.18.200.102"));
    }

    /** The hand-written and ExternalDNS records are byte for byte as written, and the server still answers them. */
    void assertForeignUntouchedAndAnswered() throws Exception {
        Map<String, String> now = new TreeMap<>();
        for (KeyValue kv : read(ZONE_KEY)) {
            String key = kv.getKey().toString(StandardCharsets.UTF_8);
            if (FOREIGN.containsKey(key)) {
                now.put(key, kv.getValue().toString(StandardCharsets.UTF_8));
            }
        }
        assertThat(now).isEqualTo(new TreeMap<>(FOREIGN));
        assertThat(dig.a("manual." + ZONE)).isEqualTo(Answer.of("10.9.9.9"));
        assertThat(dig.a("legacy." + ZONE)).isEqualTo(Answer.of("10.8.8.8"));
        var registry = Ask.ask(dns.address(), "a-legacy." + ZONE, Type.TXT);
        assertThat(registry.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(registry.getSection(Section.ANSWER)).singleElement().satisfies(r -> assertThat(((TXTRecord) r).getStringsAsByteArrays()
                .stream().map(b -> new String(b, StandardCharsets.UTF_8))).containsExactly("\"heritage=external-dns,external-dns/owner=edns,external-dns/resource=service/x/legacy\""));
    }

    static String seconds(Duration d) {
        return TimelineText.seconds(d);
    }

    List<KeyValue> read(String prefix) throws Exception {
        return etcd.client().getKVClient().get(bytes(prefix), GetOption.builder().isPrefix(true).build()).get(5, TimeUnit.SECONDS).getKvs();
    }

    List<String> keys(String prefix) throws Exception {
        return read(prefix).stream().map(kv -> kv.getKey().toString(StandardCharsets.UTF_8)).toList();
    }

    List<JsonNode> values(String prefix) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (KeyValue kv : read(prefix)) {
            out.add(JSON.readTree(kv.getValue().toString(StandardCharsets.UTF_8)));
        }
        return out;
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}
