package dev.wayfinder.system.externaldns;

import static dev.wayfinder.system.externaldns.CoreDnsFixture.OWNER;
import static dev.wayfinder.system.externaldns.CoreDnsFixture.PREFIX;
import static dev.wayfinder.system.externaldns.CoreDnsFixture.ZONE;
import static dev.wayfinder.system.externaldns.CoreDnsFixture.heritage;
import static dev.wayfinder.system.externaldns.CoreDnsFixture.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wayfinder.cli.ControllerApp;
import dev.wayfinder.cli.ControllerCommand;
import dev.wayfinder.config.ControllerConfig;
import dev.wayfinder.demo.coredns.CoreDnsProcess;
import dev.wayfinder.model.txt.HeritageLabels;
import dev.wayfinder.model.txt.TxtNames;
import dev.wayfinder.provider.etcd.testing.EtcdServerExtension;
import dev.wayfinder.system.externaldns.CoreDnsFixture.ArgSet;
import dev.wayfinder.system.externaldns.CoreDnsFixture.Era;
import dev.wayfinder.system.externaldns.CoreDnsFixture.Published;
import dev.wayfinder.system.support.Ask;
import dev.wayfinder.system.support.RequiresStockCoreDns;
import dev.wayfinder.system.support.StockCoreDns;
import dev.wayfinder.testing.CrudMockApi;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Issue 12: an ExternalDNS {@code coredns} installation taken over in place. etcd starts as
 * ExternalDNS left it ({@link CoreDnsFixture}), the cluster holds the same Services, and the
 * controller runs with ExternalDNS's own arguments, parsed as {@code wayfinder controller} parses
 * them. Then: ready within seconds, every name adopted, a load-balancer IP change followed within a
 * second, another owner's and a hand-written record untouched, one ownership record per name in the
 * form ExternalDNS reads, ExternalDNS — started again with the same arguments — reading every name
 * as its own ({@link ExternalDnsReader}), and stock CoreDNS answering the names.
 */
@CrudMockApi
@RequiresStockCoreDns
class CoreDnsTakeOverTest {

    @RegisterExtension
    static final EtcdServerExtension ETCD = new EtcdServerExtension();

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    /**
     * ExternalDNS's chart with its coredns values, as the issue gives them; the list grows as flags are added
     * (edns-surface: --log-format=text and the rest).
     */
    static final List<String> CHART = List.of("--log-level=info", "--interval=1m", "--source=service", "--source=ingress",
            "--policy=upsert-only", "--registry=txt", "--txt-owner-id=" + OWNER, "--annotation-filter=cluster-name=" + OWNER,
            "--domain-filter=" + ZONE, "--provider=coredns");

    static KubernetesClient client;
    static CoreDnsProcess coredns;

    static List<String> with(List<String> base, String... more) {
        List<String> args = new ArrayList<>(base);
        args.addAll(List.of(more));
        return args;
    }

    /** The argument sets, each with its ownership record names written out from mapper.go:94-116. */
    static Stream<ArgSet> argSets() {
        List<String> sync = CHART.stream().map(a -> a.equals("--policy=upsert-only") ? "--policy=sync" : a).toList();
        return Stream.of(
                new ArgSet("chart values", CHART, false, (n, t) -> t.toLowerCase() + "-" + n, n -> n),
                new ArgSet("--txt-prefix=external-dns-", with(sync, "--txt-prefix=external-dns-"), false,
                        (n, t) -> "external-dns-" + t.toLowerCase() + "-" + n, n -> "external-dns-" + n),
                new ArgSet("--txt-suffix=-txt --txt-wildcard-replacement=wild", with(sync, "--txt-suffix=-txt", "--txt-wildcard-replacement=wild"),
                        false, (n, t) -> t.toLowerCase() + "-" + first(n).replace("*", "wild") + "-txt" + rest(n),
                        n -> first(n).replace("*", "wild") + "-txt" + rest(n)),
                new ArgSet("--txt-prefix=%{record_type}-reg-", with(sync, "--txt-prefix=%{record_type}-reg-"), false,
                        (n, t) -> t.toLowerCase() + "-reg-" + n, null),
                new ArgSet("--coredns-strictly-owned", with(sync, "--coredns-strictly-owned"), true, (n, t) -> t.toLowerCase() + "-" + n, null));
    }

    static String first(String name) {
        return name.substring(0, name.indexOf('.'));
    }

    static String rest(String name) {
        return name.substring(name.indexOf('.'));
    }

    static TxtNames names(ArgSet set) {
        String prefix = "";
        String suffix = "";
        String wildcard = "";
        for (String a : set.args()) {
            if (a.startsWith("--txt-prefix=")) {
                prefix = a.substring("--txt-prefix=".length());
            } else if (a.startsWith("--txt-suffix=")) {
                suffix = a.substring("--txt-suffix=".length());
            } else if (a.startsWith("--txt-wildcard-replacement=")) {
                wildcard = a.substring("--txt-wildcard-replacement=".length());
            }
        }
        return new TxtNames(prefix, suffix, wildcard);
    }

    @BeforeAll
    static void startCoreDns() {
        coredns = StockCoreDns.start(port -> String.join("\n", ZONE + ":" + port + " {", "    etcd " + ZONE + " {", "        path /skydns",
                "        endpoint " + ETCD.clientUrl(), "    }", "    errors", "}", ""));
    }

    @AfterAll
    static void stopCoreDns() {
        if (coredns != null) {
            coredns.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("argSets")
    void takesOverExternalDnsInPlaceAndLeavesItAbleToTakeBack(ArgSet set) throws Exception {
        ETCD.deletePrefix("/");
        client.services().inNamespace("default").delete();
        await().atMost(Duration.ofSeconds(5)).until(() -> client.services().inNamespace("default").list().getItems().isEmpty());
        Stores.put(ETCD.client(), CoreDnsFixture.etcd(set));
        CoreDnsFixture.published(set).forEach(p -> client.resource(CoreDnsFixture.service(p)).create());
        ControllerConfig config = ControllerCommand.configFrom(with(set.args(), "--metrics-address=127.0.0.1:0"),
                Map.of("ETCD_URLS", ETCD.clientUrl()));

        long start = System.nanoTime();
        try (ControllerApp app = ControllerApp.start(config, client, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                new PrintWriter(Writer.nullWriter()))) {
            await("ready").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> Stores.readyz(app) == 200);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("ready within seconds").isLessThan(Duration.ofSeconds(10));
            assertAdopted(set, Map.of());

            client.resource(new ServiceBuilder(client.services().inNamespace("default").withName("nginx").get()).editStatus()
                    .editLoadBalancer().editFirstIngress().withIp("172.18.200.201").endIngress().endLoadBalancer().endStatus().build())
                    .updateStatus();
            long changed = System.nanoTime();
            await("the new IP in etcd").atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(5))
                    .until(() -> Stores.ours(ETCD.client(), PREFIX + "k8s/foowidgets/nginx").stream().anyMatch(v -> v.get("host").asText().equals("172.18.200.201")));
            assertThat(Duration.ofNanos(System.nanoTime() - changed)).as("followed within a second").isLessThan(Duration.ofSeconds(1));

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertAdopted(set, Map.of("nginx", List.of("172.18.200.201")));
                assertOwnershipRecords(set);
            });
            assertThat(Stores.raw(ETCD.client(), CoreDnsFixture.foreign(set).keySet())).as("another owner's and a hand-written record")
                    .isEqualTo(new TreeMap<>(CoreDnsFixture.foreign(set)));
            assertExternalDnsReadsEveryNameAsItsOwn(set);
            assertCoreDnsAnswers(set);
            assertThat(Stores.readyz(app)).as("no pass failed").isEqualTo(200);
        }
    }

    /** Every record set in Wayfinder's form: owner stored, TTL explicit, one value per target, no ownership text merged in. */
    static void assertAdopted(ArgSet set, Map<String, List<String>> moved) throws Exception {
        for (Published p : CoreDnsFixture.published(set)) {
            List<JsonNode> values = Stores.ours(ETCD.client(), key(p.name()));
            List<String> targets = moved.getOrDefault(p.service(), p.targets());
            assertThat(values).as(p.name()).extracting(v -> v.path("host").asText()).containsExactlyInAnyOrderElementsOf(targets);
            assertThat(values).as(p.name()).allSatisfy(v -> {
                assertThat(v.path("owner").asText()).isEqualTo(OWNER);
                assertThat(v.path("ttl").asLong()).isEqualTo(p.ttl() > 0 ? p.ttl() : 300);
                assertThat(v.has("text")).as("the pre-0.18 merged ownership text is gone").isFalse();
                assertThat(v.path("resource").asText()).isEqualTo("service/default/" + p.service());
            });
        }
    }

    /**
     * Exactly one ownership record per record set, where ExternalDNS looks for it (the mapper's name), in the form its
     * coredns provider reads back as a TXT endpoint (coredns.go:361-372: a value with text, the name one label up,
     * targetstrip 1) and its registry parses (labels.go:60-87), carrying the owner field a strictly-owned ExternalDNS
     * filters on (coredns.go:130-132); no other ownership record of this owner anywhere.
     */
    static void assertOwnershipRecords(ArgSet set) throws Exception {
        List<String> expectedKeys = new ArrayList<>();
        for (Published p : CoreDnsFixture.published(set)) {
            String txtKey = key(set.txtName().apply(p.name(), p.type()));
            Map<String, JsonNode> there = Stores.values(ETCD.client(), txtKey + "/");
            Map<String, JsonNode> mine = new TreeMap<>();
            there.forEach((k, v) -> {
                if (v.path("owner").asText().equals(OWNER) || HeritageLabels.owner(v.path("text").asText()).orElse("").equals(OWNER)) {
                    mine.put(k, v);
                }
            });
            assertThat(mine).as(txtKey).hasSize(1);
            String k = mine.keySet().iterator().next();
            JsonNode v = mine.get(k);
            assertThat(k.substring(txtKey.length() + 1)).as("one label below the name").doesNotContain("/");
            assertThat(v.path("text").asText()).isEqualTo(heritage(OWNER, "service/default/" + p.service()));
            assertThat(v.path("targetstrip").asInt()).isEqualTo(1);
            assertThat(v.path("owner").asText()).isEqualTo(OWNER);
            assertThat(v.has("host")).isFalse();
            expectedKeys.add(k);
        }
        List<String> allOfMine = new ArrayList<>();
        Stores.values(ETCD.client(), PREFIX).forEach((k, v) -> {
            if (HeritageLabels.owner(v.path("text").asText()).orElse("").equals(OWNER)) {
                allOfMine.add(k);
            }
        });
        assertThat(allOfMine).as("no leftover, duplicate or old-format ownership record").containsExactlyInAnyOrderElementsOf(expectedKeys);
    }

    /** ExternalDNS v0.22 started again with these arguments — and, where they are not strictly owned, with that flag added. */
    static void assertExternalDnsReadsEveryNameAsItsOwn(ArgSet set) throws Exception {
        Map<String, String> etcd = new TreeMap<>();
        Stores.values(ETCD.client(), PREFIX).forEach((k, v) -> etcd.put(k, v.toString()));
        for (boolean strict : set.strictlyOwned() ? List.of(true) : List.of(false, true)) {
            List<ExternalDnsReader.Seen> seen = ExternalDnsReader.coredns(etcd, PREFIX, ZONE, names(set), strict, OWNER);
            for (Published p : CoreDnsFixture.published(set)) {
                assertThat(seen).as(p.name() + " " + p.type() + (strict ? ", strictly owned" : ""))
                        .filteredOn(s -> s.name().equals(p.name()) && s.type().equals(p.type()))
                        .isNotEmpty().allSatisfy(s -> assertThat(s.owner()).isEqualTo(OWNER));
            }
            List<String> published = CoreDnsFixture.published(set).stream().map(p -> p.name() + " " + p.type()).toList();
            assertThat(seen).as("nothing else is " + OWNER + "'s").filteredOn(s -> s.owner().equals(OWNER))
                    .allSatisfy(s -> assertThat(published).contains(s.name() + " " + s.type()));
        }
    }

    /** Stock CoreDNS serves the adopted names (and the CNAME now sits where a CNAME question finds it). */
    static void assertCoreDnsAnswers(ArgSet set) {
        assertThat(addresses(Ask.ask(coredns.address(), "nginx." + ZONE, Type.A))).containsExactly("172.18.200.201");
        assertThat(addresses(Ask.ask(coredns.address(), "web." + ZONE, Type.A))).containsExactlyInAnyOrder("172.18.200.103", "172.18.200.104");
        Message api = Ask.ask(coredns.address(), "api." + ZONE, Type.A);
        assertThat(addresses(api)).containsExactly("172.18.200.102");
        assertThat(api.getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(60);
        assertThat(Ask.ask(coredns.address(), "shop." + ZONE, Type.CNAME).getSection(Section.ANSWER))
                .singleElement().satisfies(r -> assertThat(((CNAMERecord) r).getTarget().toString()).isEqualTo("lb-1234.elb.example.net."));
        assertThat(addresses(Ask.ask(coredns.address(), "other." + ZONE, Type.A))).containsExactly("10.8.8.8");
        if (set.legacyName() != null && !set.strictlyOwned()) {
            assertThat(addresses(Ask.ask(coredns.address(), "ancient." + ZONE, Type.A))).containsExactly("172.18.200.107");
        }
    }

    static List<String> addresses(Message m) {
        return m.getSection(Section.ANSWER).stream().filter(ARecord.class::isInstance)
                .map(r -> ((ARecord) r).getAddress().getHostAddress()).toList();
    }

}
