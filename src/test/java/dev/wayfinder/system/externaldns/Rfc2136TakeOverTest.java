package dev.wayfinder.system.externaldns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wayfinder.cli.ControllerApp;
import dev.wayfinder.cli.ControllerCommand;
import dev.wayfinder.config.ControllerConfig;
import dev.wayfinder.model.txt.TxtNames;
import dev.wayfinder.provider.rfc2136.testing.NamedProcess;
import dev.wayfinder.testing.CrudMockApi;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;
import org.xbill.DNS.ZoneTransferIn;

/**
 * Issue 12, rfc2136: a BIND zone as ExternalDNS's rfc2136 provider leaves it under the tutorial's
 * {@code --txt-prefix=external-dns-}, taken over by the controller run with that Deployment's
 * arguments. Then: ready within seconds, every name adopted (the prefixed ownership records read,
 * kept and rewritten, never deleted), a load-balancer IP change followed within a second, another
 * owner's and a hand-written record untouched, one ownership record per record set and none of the
 * old format left, and ExternalDNS — started again — reading every name as its own.
 */
@CrudMockApi
class Rfc2136TakeOverTest {

    static final String ZONE = "foowidgets.k8s";
    static final String OWNER = "cluster1";

    @RegisterExtension
    static final NamedProcess NAMED = NamedProcess.builder().zones(ZONE).wipeBeforeEach().build();

    static KubernetesClient client;

    /** A record set of the cluster: its Service, name, type and targets, and which ExternalDNS wrote its ownership records. */
    record Published(String service, String label, String type, List<String> targets, long ttl, CoreDnsFixture.Era era) {
        String name() {
            return label + "." + ZONE;
        }
    }

    static final List<Published> PUBLISHED = List.of(
            new Published("nginx", "nginx", "A", List.of("172.18.200.101"), 0, CoreDnsFixture.Era.CURRENT),
            new Published("api", "api", "A", List.of("172.18.200.102"), 60, CoreDnsFixture.Era.CURRENT),
            new Published("web", "web", "A", List.of("172.18.200.103", "172.18.200.104"), 0, CoreDnsFixture.Era.CURRENT),
            new Published("shop", "shop", "CNAME", List.of("lb-1234.elb.example.net."), 0, CoreDnsFixture.Era.CURRENT),
            new Published("legacy", "legacy", "A", List.of("172.18.200.106"), 0, CoreDnsFixture.Era.BOTH_FORMATS),
            new Published("ancient", "ancient", "A", List.of("172.18.200.107"), 0, CoreDnsFixture.Era.UNTYPED_ONLY));

    /**
     * The tutorial's Deployment (docs/tutorials/rfc2136.md:488-502) with --source=service beside ingress, the zone and
     * server of this test, the secret from EXTERNAL_DNS_RFC2136_TSIG_SECRET; --rfc2136-axfr joins the list once
     * accepted (edns-surface; transfers are signed by default here).
     */
    static List<String> args() {
        return List.of("--registry=txt", "--txt-prefix=external-dns-", "--txt-owner-id=" + OWNER, "--provider=rfc2136",
                "--rfc2136-host=" + NamedProcess.ADDRESS, "--rfc2136-port=" + NAMED.port(), "--rfc2136-zone=" + ZONE,
                "--rfc2136-tsig-secret-alg=" + NAMED.algorithm(), "--rfc2136-tsig-keyname=" + NAMED.keyName(), "--source=ingress",
                "--source=service", "--policy=upsert-only", "--domain-filter=" + ZONE, "--metrics-address=127.0.0.1:0");
    }

    /** UPDATE as ExternalDNS sends it: "<name> <ttl> <type> <target>" (provider/rfc2136/rfc2136.go:483-504), TTL 0 without a ttl annotation. */
    static void seed() throws Exception {
        Update update = new Update(Name.fromString(ZONE + "."));
        for (Published p : PUBLISHED) {
            for (String t : p.targets()) {
                update.add(Name.fromString(p.name() + "."), Type.value(p.type()), p.ttl(), t);
            }
            String labels = CoreDnsFixture.heritage(OWNER, "service/default/" + p.service());
            if (p.era() != CoreDnsFixture.Era.UNTYPED_ONLY) {
                // registry/txt/registry.go:344 with the prefix (mapper.go:94-116): external-dns-<type>-<name>, TTL 0.
                update.add(Name.fromString("external-dns-" + p.type().toLowerCase() + "-" + p.name() + "."), Type.TXT, 0, labels);
            }
            if (p.era() != CoreDnsFixture.Era.CURRENT) {
                // Before v0.18 also the untyped record at <prefix><name> (v0.17.0 registry/txt.go:240-249, :440-454).
                update.add(Name.fromString("external-dns-" + p.name() + "."), Type.TXT, 0, labels);
            }
        }
        update.add(Name.fromString("other." + ZONE + "."), Type.A, 0, "10.8.8.8");
        update.add(Name.fromString("external-dns-a-other." + ZONE + "."), Type.TXT, 0,
                CoreDnsFixture.heritage("cluster2", "service/default/other"));
        update.add(Name.fromString("manual." + ZONE + "."), Type.A, 60, "10.9.9.9");
        assertThat(Rcode.string(NAMED.resolver().send(update).getRcode())).isEqualTo("NOERROR");
    }

    @Test
    void takesOverExternalDnsInPlaceAndLeavesItAbleToTakeBack() throws Exception {
        seed();
        List<String> foreignBefore = foreign();
        for (Published p : PUBLISHED) {
            client.resource(CoreDnsFixture.service(new CoreDnsFixture.Published(p.service(), p.name(), p.type(),
                    p.targets().stream().map(t -> t.endsWith(".") ? t.substring(0, t.length() - 1) : t).toList(), p.ttl(), "", p.era())))
                    .create();
        }
        ControllerConfig config = ControllerCommand.configFrom(args(), Map.of("EXTERNAL_DNS_RFC2136_TSIG_SECRET", NAMED.secret()));

        long start = System.nanoTime();
        try (ControllerApp app = ControllerApp.start(config, client, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                new PrintWriter(Writer.nullWriter()))) {
            await("ready").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> readyz(app) == 200);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("ready within seconds").isLessThan(Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                for (Published p : PUBLISHED) {
                    assertThat(query(p.name(), Type.value(p.type()))).as(p.name()).isNotEmpty()
                            .allSatisfy(r -> assertThat(r.getTTL()).isEqualTo(p.ttl() > 0 ? p.ttl() : 300));
                }
            });

            client.resource(new ServiceBuilder(client.services().inNamespace("default").withName("nginx").get()).editStatus()
                    .editLoadBalancer().editFirstIngress().withIp("172.18.200.201").endIngress().endLoadBalancer().endStatus().build())
                    .updateStatus();
            long changed = System.nanoTime();
            await("the new IP in the zone").atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                    .until(() -> addresses("nginx." + ZONE).equals(List.of("172.18.200.201")));
            assertThat(Duration.ofNanos(System.nanoTime() - changed)).as("followed within a second").isLessThan(Duration.ofSeconds(1));

            for (Published p : PUBLISHED) {
                // One ownership record per record set, the labels ExternalDNS's registry parses (labels.go:60-87).
                assertThat(txt("external-dns-" + p.type().toLowerCase() + "-" + p.name())).as(p.name()).containsExactly(
                        "heritage=external-dns,external-dns/owner=" + OWNER + ",external-dns/resource=service/default/" + p.service());
            }
            assertThat(txt("external-dns-legacy." + ZONE)).as("the untyped record retired").isEmpty();
            assertThat(txt("external-dns-ancient." + ZONE)).as("the untyped record retired").isEmpty();
            assertThat(foreign()).as("another owner's and a hand-written record").isEqualTo(foreignBefore);
            assertExternalDnsReadsEveryNameAsItsOwn();
            assertThat(readyz(app)).as("no pass failed").isEqualTo(200);
        }
    }

    /** ExternalDNS v0.22, started again with the same arguments, over a zone transfer. */
    static void assertExternalDnsReadsEveryNameAsItsOwn() throws Exception {
        ZoneTransferIn xfr = ZoneTransferIn.newAXFR(Name.fromString(ZONE + "."), new InetSocketAddress(NamedProcess.ADDRESS, NAMED.port()),
                NAMED.tsig());
        xfr.run();
        List<String[]> rows = new ArrayList<>();
        for (Record r : xfr.getAXFR()) {
            String name = r.getName().toString(true);
            if (r instanceof TXTRecord t) {
                // rfc2136.go:254-256: each character-string a target.
                t.getStrings().forEach(s -> rows.add(new String[] {name, "TXT", s}));
            } else if (r instanceof ARecord a) {
                rows.add(new String[] {name, "A", a.getAddress().getHostAddress()});
            } else if (r instanceof CNAMERecord c) {
                rows.add(new String[] {name, "CNAME", c.getTarget().toString()});
            }
        }
        List<ExternalDnsReader.Seen> seen = ExternalDnsReader.rfc2136(rows, new TxtNames("external-dns-", "", ""));
        for (Published p : PUBLISHED) {
            assertThat(seen).as(p.name() + " " + p.type()).filteredOn(s -> s.name().equals(p.name()) && s.type().equals(p.type()))
                    .singleElement().satisfies(s -> assertThat(s.owner()).isEqualTo(OWNER));
        }
        assertThat(seen).filteredOn(s -> s.name().equals("other." + ZONE)).singleElement()
                .satisfies(s -> assertThat(s.owner()).isEqualTo("cluster2"));
    }

    static List<String> foreign() throws Exception {
        List<String> out = new ArrayList<>(addresses("other." + ZONE));
        out.addAll(txt("external-dns-a-other." + ZONE));
        out.addAll(addresses("manual." + ZONE));
        return out;
    }

    static int readyz(ControllerApp app) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.opsAddress().orElseThrow().getPort() + "/readyz"))
                .timeout(Duration.ofSeconds(2)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static List<String> addresses(String name) throws Exception {
        return query(name, Type.A).stream().map(r -> ((ARecord) r).getAddress().getHostAddress()).sorted().toList();
    }

    static List<String> txt(String name) throws Exception {
        String fqdn = name.endsWith(ZONE) ? name : name + "." + ZONE;
        return query(fqdn, Type.TXT).stream().map(r -> String.join("", ((TXTRecord) r).getStrings())).toList();
    }

    static List<Record> query(String name, int type) throws Exception {
        Message answer = NAMED.resolver().send(Message.newQuery(Record.newRecord(Name.fromString(name + "."), type, DClass.IN)));
        return answer.getSection(Section.ANSWER).stream().filter(r -> r.getType() == type).collect(Collectors.toList());
    }
}
