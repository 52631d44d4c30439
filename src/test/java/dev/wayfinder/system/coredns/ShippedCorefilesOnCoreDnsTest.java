package dev.wayfinder.system.coredns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.charts.ChartRender;
import dev.wayfinder.demo.net.Ports;
import dev.wayfinder.demo.coredns.CoreDnsProcess;
import dev.wayfinder.model.Changes;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.model.skydns.SkyDnsKeys;
import dev.wayfinder.model.skydns.SkyDnsMapping;
import dev.wayfinder.provider.DomainFilter;
import dev.wayfinder.provider.etcd.EtcdProvider;
import dev.wayfinder.provider.etcd.testing.EtcdServerExtension;
import dev.wayfinder.system.support.Ask;
import dev.wayfinder.system.support.Repository;
import dev.wayfinder.system.support.RequiresStockCoreDns;
import dev.wayfinder.system.support.StockCoreDns;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The Corefiles the project ships, run by stock CoreDNS over a real etcd the etcd provider filled: the one
 * charts/wayfinder renders (with the us-buf example values, as the README installs it), and the zone block of
 * deploy/examples/coredns/Corefile. Neither has {@code loadbalance} in a block that serves the zone, so there is
 * nothing of it to query.
 *
 * <p>What is changed to run them here, and checked to be all that changed: the chart's etcd endpoint comes from its
 * own values ({@code etcd.enabled=false}, {@code etcd.external.endpoints}), the pod's fixed ports (DNS 5353, health
 * 8080, ready 8181, metrics 9153) become free ports on this machine. In the example, the endpoint and the port.
 */
@RequiresStockCoreDns
class ShippedCorefilesOnCoreDnsTest {

    static final String ZONE = "gb.foowidgets.k8s";
    /** The ports a chart pod listens on, and the lines that name them. */
    static final Pattern LISTEN_LINE = Pattern.compile("^(\\S+:5353( \\S+:5353)* \\{|\\s+health :8080 \\{|\\s+ready :8181|\\s+prometheus :9153)$");

    @RegisterExtension
    static final EtcdServerExtension ETCD = new EtcdServerExtension();

    static CoreDnsProcess chart;
    static Map<String, Integer> chartPorts;
    static String chartCorefile;

    @BeforeAll
    static void start() throws Exception {
        DnsName zone = DnsName.of(ZONE);
        SkyDnsMapping mapping = new SkyDnsMapping(SkyDnsKeys.defaults(), List.of(zone, DnsName.of("foowidgets.k8s")), 300);
        try (EtcdProvider provider = new EtcdProvider(ETCD.client(), mapping, DomainFilter.of(List.of(ZONE, "foowidgets.k8s"), List.of()))) {
            provider.apply(Changes.create(
                    owned("fe." + ZONE, "10.2.1.167"),
                    owned(SkyDnsKeys.nameserverName(zone, "gslb-ns-us-buf").toString(), "192.0.2.10"),
                    owned("nginx.foowidgets.k8s", "172.18.200.101")));
        }
        chartCorefile = chartCorefile(Map.of("etcd.enabled", false, "etcd.external.endpoints[0]", ETCD.clientUrl()));
        chart = StockCoreDns.start(port -> {
            chartPorts = Map.of("5353", port, "8080", freeTcpPort(), "8181", freeTcpPort(), "9153", freeTcpPort());
            return onPorts(chartCorefile, chartPorts);
        });
    }

    @AfterAll
    static void stop() {
        if (chart != null) {
            chart.close();
        }
    }

    static Endpoint owned(String name, String ip) {
        return Endpoint.of(name, RecordType.A, ip).withMetadata(Metadata.owned("wf-test", "service/default/test"));
    }

    /** The CoreDNS ConfigMap's Corefile as the chart renders it with the us-buf example values and {@code set}. */
    static String chartCorefile(Map<String, Object> set) {
        return ChartRender.render(List.of("us-buf.yaml"), set).get(ConfigMap.class, ChartRender.name("coredns")).getData().get("Corefile");
    }

    @Test
    void theEtcdEndpointIsTheOnlyLineTheValuesChange() {
        List<String> asInstalled = chartCorefile(Map.of()).lines().toList();
        List<String> here = chartCorefile.lines().toList();

        assertThat(here).hasSameSizeAs(asInstalled);
        assertThat(changedLines(asInstalled, here)).containsExactly(
                "        endpoint http://wayfinder-etcd.dns-system.svc.cluster.local:2379 → " + "        endpoint " + ETCD.clientUrl());
    }

    @Test
    void onlyTheListenPortsAreMovedToRunItHere() {
        List<String> rendered = chartCorefile.lines().toList();
        List<String> run = onPorts(chartCorefile, chartPorts).lines().toList();

        assertThat(run).hasSameSizeAs(rendered);
        assertThat(changedLines(rendered, run)).hasSize(5).allSatisfy(change -> assertThat(change.substring(0, change.indexOf(" → ")))
                .matches(LISTEN_LINE));
    }

    @Test
    void theChartsCorefileServesTheZoneItsApexSoaAndNs() {
        Message a = Ask.ask(chart.address(), "fe." + ZONE, Type.A);
        Message soa = Ask.ask(chart.address(), ZONE, Type.SOA);
        Message ns = Ask.ask(chart.address(), ZONE, Type.NS);
        Message nx = Ask.ask(chart.address(), "nobody." + ZONE, Type.A);

        assertThat(a.getRcode()).as(chart.log()).isEqualTo(Rcode.NOERROR);
        assertThat(a.getSection(Section.ANSWER)).extracting(r -> ((ARecord) r).getAddress().getHostAddress()).containsExactly("10.2.1.167");
        assertThat(soa.getSection(Section.ANSWER)).singleElement().isInstanceOfSatisfying(SOARecord.class,
                r -> assertThat(r.getName().toString()).isEqualTo(ZONE + "."));
        assertThat(ns.getSection(Section.ANSWER)).extracting(r -> ((NSRecord) r).getTarget().toString())
                .containsExactly("gslb-ns-us-buf.ns.dns." + ZONE + ".");
        assertThat(ns.getSection(Section.ADDITIONAL)).filteredOn(r -> r.getType() == Type.A)
                .extracting(r -> ((ARecord) r).getAddress().getHostAddress()).containsExactly("192.0.2.10");
        assertThat(nx.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(nx.getSection(Section.AUTHORITY)).extracting(r -> r.getType()).containsExactly(Type.SOA);
    }

    @Test
    void withoutForwardersEveryOtherNameIsRefused() {
        // The parent zone's record is in the same etcd, but the chart serves only dnsZone: no open resolver, no leak.
        for (String name : List.of("nginx.foowidgets.k8s", "example.com")) {
            assertThat(Rcode.string(Ask.ask(chart.address(), name, Type.A).getRcode())).as(name).isEqualTo("REFUSED");
        }
    }

    @Test
    void theProbesAndMetricsThePodSpecNamesAnswer() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Ask.ask(chart.address(), "fe." + ZONE, Type.A);

        assertThat(get(http, chartPorts.get("8080"), "/health")).isEqualTo(200);
        assertThat(get(http, chartPorts.get("8181"), "/ready")).isEqualTo(200);
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + chartPorts.get("9153") + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).contains("coredns_dns_requests_total{", "zone=\"" + ZONE + ".\"");
    }

    /**
     * deploy/examples/coredns/Corefile: its zone block with the endpoint and port moved here. Its {@code .} block is the
     * cluster's usual one (the {@code kubernetes} plugin, forwarding to the node's resolvers): it needs a cluster, and the
     * shared CoreDNS build has no {@code kubernetes} plugin, so it is not run.
     */
    @Test
    void theExampleCorefilesZoneBlockServesTheZone() throws IOException {
        String example = Files.readString(Repository.resolve("deploy", "examples", "coredns", "Corefile"));
        Matcher block = Pattern.compile("(?ms)^foowidgets\\.k8s:53 \\{\\n.*?^\\}\\n").matcher(example);
        assertThat(block.find()).as("the example's zone block").isTrue();
        String zoneBlock = block.group();
        String endpoint = "        endpoint http://etcd.wayfinder.svc:2379\n";
        assertThat(zoneBlock).contains(endpoint).startsWith("foowidgets.k8s:53 {\n");

        try (CoreDnsProcess coredns = StockCoreDns.start(port -> zoneBlock.replace(endpoint, "        endpoint " + ETCD.clientUrl() + "\n")
                .replace("foowidgets.k8s:53 {", "foowidgets.k8s:" + port + " {"))) {
            Message a = Ask.ask(coredns.address(), "nginx.foowidgets.k8s", Type.A);
            Message gslb = Ask.ask(coredns.address(), "fe." + ZONE, Type.A);

            assertThat(a.getSection(Section.ANSWER)).as(coredns.log()).extracting(r -> ((ARecord) r).getAddress().getHostAddress())
                    .containsExactly("172.18.200.101");
            assertThat(gslb.getSection(Section.ANSWER)).extracting(r -> ((ARecord) r).getAddress().getHostAddress())
                    .containsExactly("10.2.1.167");
            assertThat(Ask.ask(coredns.address(), "foowidgets.k8s", Type.SOA).getSection(Section.ANSWER)).singleElement()
                    .isInstanceOf(SOARecord.class);
        }
    }

    /** The pod's listen ports ({@code 5353}, {@code 8080}, {@code 8181}, {@code 9153}) replaced by {@code ports}' values, on their lines only. */
    static String onPorts(String corefile, Map<String, Integer> ports) {
        StringBuilder out = new StringBuilder();
        for (String line : corefile.split("\n", -1)) {
            String moved = line;
            if (LISTEN_LINE.matcher(line).matches()) {
                for (Map.Entry<String, Integer> p : ports.entrySet()) {
                    moved = moved.replace(":" + p.getKey(), ":" + p.getValue());
                }
            }
            out.append(moved).append('\n');
        }
        return out.substring(0, out.length() - 1);
    }

    static List<String> changedLines(List<String> before, List<String> after) {
        List<String> changed = new ArrayList<>();
        for (int i = 0; i < Math.min(before.size(), after.size()); i++) {
            if (!before.get(i).equals(after.get(i))) {
                changed.add(before.get(i) + " → " + after.get(i));
            }
        }
        return changed;
    }

    static int get(HttpClient http, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    static int freeTcpPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(Ports.LOOPBACK))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
