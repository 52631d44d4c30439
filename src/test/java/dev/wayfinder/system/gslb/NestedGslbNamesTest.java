package dev.wayfinder.system.gslb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.cli.Main;
import dev.wayfinder.demo.coredns.CoreDnsProcess;
import dev.wayfinder.gslb.records.GslbRecords;
import dev.wayfinder.gslb.strategy.GslbDecision;
import dev.wayfinder.gslb.strategy.HostHealth;
import dev.wayfinder.gslb.strategy.HostOutcome;
import dev.wayfinder.gslb.strategy.LocalHealth;
import dev.wayfinder.gslb.strategy.StrategyType;
import dev.wayfinder.gslb.strategy.TargetGroup;
import dev.wayfinder.model.Changes;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.IpLiteral;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.model.skydns.SkyDnsKeys;
import dev.wayfinder.model.skydns.SkyDnsMapping;
import dev.wayfinder.provider.DomainFilter;
import dev.wayfinder.provider.etcd.EtcdProvider;
import dev.wayfinder.provider.etcd.testing.EtcdServerExtension;
import dev.wayfinder.server.cli.InProcessDns;
import dev.wayfinder.system.support.Ask;
import dev.wayfinder.system.support.RequiresStockCoreDns;
import dev.wayfinder.system.support.StockCoreDns;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Gslb hosts beneath other names, as the GSLB writes them into a real etcd, answered by stock CoreDNS (the Corefile
 * {@code wayfinder corefile} prints) and by {@code wayfinder dns}. CoreDNS's etcd plugin reads a name's whole subtree;
 * the SkyDNS group of each Gslb name keeps a Gslb host beneath another out of its answer, and a group anchor does so
 * for a host with no healthy target (which then answers NODATA). A name beneath a plain name is still answered with
 * it — that is what the NamesBeneath Events say — and the same two names without groups leak, which is why the groups
 * are there.
 */
@RequiresStockCoreDns
class NestedGslbNamesTest {

    static final String ZONE = "gb.foowidgets.k8s";
    static final String OWNER = "us-buf";

    @RegisterExtension
    static final EtcdServerExtension ETCD = new EtcdServerExtension();

    static CoreDnsProcess coredns;
    static InProcessDns wayfinder;

    @BeforeAll
    static void publishAndStart() throws Exception {
        List<Endpoint> records = new ArrayList<>();
        records.addAll(gslb("app", "us-buf=192.0.2.1", true));
        records.addAll(gslb("v2.app", "us-buf=198.51.100.1,2001:db8::1", false));
        records.addAll(local("v2.app", "198.51.100.1", "2001:db8::1"));
        records.addAll(gslb("empty", "", true));
        records.addAll(gslb("v3.empty", "us-nyc=203.0.113.3", false));
        records.addAll(local("v3.empty", "203.0.113.3"));
        records.add(plain("www", "service/default/www", "10.0.0.80"));
        records.addAll(gslb("api.www", "us-buf=203.0.113.80", false));
        // The layout without groups, for contrast.
        records.add(plain("old", "service/default/old", "10.0.0.1"));
        records.add(plain("v2.old", "service/default/v2-old", "10.0.0.2"));

        SkyDnsMapping mapping = new SkyDnsMapping(SkyDnsKeys.defaults(), List.of(DnsName.of(ZONE)), 300);
        try (EtcdProvider provider = new EtcdProvider(ETCD.client(), mapping, DomainFilter.of(List.of(ZONE), List.of()))) {
            provider.apply(new Changes(records.stream().map(e -> e.withMetadata(e.metadata().withOwner(OWNER))).toList(), List.of(),
                    List.of()));
        }
        coredns = StockCoreDns.start(port -> corefile("--zone", ZONE, "--etcd-urls", ETCD.clientUrl(), "--port", String.valueOf(port)));
        wayfinder = InProcessDns.start(List.of("--listen", "127.0.0.1:0", "--zone", ZONE, "--etcd-endpoints", ETCD.clientUrl(),
                "--etcd-prefix", "/skydns", "--ops-listen", "none"), Duration.ofSeconds(20));
    }

    @AfterAll
    static void stop() {
        if (coredns != null) {
            coredns.close();
        }
        if (wayfinder != null) {
            wayfinder.close();
        }
    }

    /** A host's answer records as the GSLB writes them; {@code groups} as {@code tag=ip,ip tag=ip}, empty for none. */
    static List<Endpoint> gslb(String host, String groups, boolean namesBeneath) {
        List<TargetGroup> g = new ArrayList<>();
        for (String part : groups.isBlank() ? new String[0] : groups.split(" ")) {
            String[] kv = part.split("=");
            g.add(new TargetGroup(kv[0], List.of(kv[1].split(",")), OptionalInt.empty()));
        }
        GslbDecision d = new GslbDecision(g, 30, new GslbDecision.Reason(g.isEmpty() ? GslbDecision.Code.NO_HEALTHY_TARGETS
                : GslbDecision.Code.UNION, "test"), Optional.empty(), Map.of());
        return GslbRecords.answer("gslb/apps/" + host.replace('.', '-'), DnsName.of(host + "." + ZONE), d, StrategyType.ROUND_ROBIN, 30,
                namesBeneath);
    }

    static List<Endpoint> local(String host, String... targets) {
        HostOutcome o = new HostOutcome(DnsName.of(host + "." + ZONE), HostHealth.HEALTHY, "ok", new LocalHealth(1, List.of(targets)),
                List.of(), new GslbDecision(List.of(), 0, new GslbDecision.Reason(GslbDecision.Code.UNION, "-"), Optional.empty(), Map.of()));
        return GslbRecords.local("gslb/apps/" + host.replace('.', '-'), "spec", o.host(), o.health(), o.local(), 30).endpoints();
    }

    static Endpoint plain(String name, String resource, String ip) {
        return new Endpoint(DnsName.of(name + "." + ZONE), RecordType.A, List.of(ip), 60, "", Metadata.owned("", resource));
    }

    static String corefile(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(Stream.concat(Stream.of("corefile"), Stream.of(args)).toArray(String[]::new));
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }

    static InetSocketAddress server(String which) {
        return which.equals("coredns") ? coredns.address() : wayfinder.address();
    }

    @ParameterizedTest(name = "{0}: {2} {1} → {3} {4}")
    @CsvSource(delimiter = '|', textBlock = """
            # server  | name        | type | rcode    | answer (sorted)
            coredns   | app         | A    | NOERROR  | 192.0.2.1
            wayfinder | app         | A    | NOERROR  | 192.0.2.1
            coredns   | app         | AAAA | NOERROR  |
            wayfinder | app         | AAAA | NOERROR  |
            coredns   | v2.app      | A    | NOERROR  | 198.51.100.1
            wayfinder | v2.app      | A    | NOERROR  | 198.51.100.1
            coredns   | v2.app      | AAAA | NOERROR  | 2001:db8::1
            wayfinder | v2.app      | AAAA | NOERROR  | 2001:db8::1
            coredns   | empty       | A    | NOERROR  |
            wayfinder | empty       | A    | NOERROR  |
            coredns   | empty       | TXT  | NOERROR  | wayfinder gslb: no healthy targets
            wayfinder | empty       | TXT  | NOERROR  | wayfinder gslb: no healthy targets
            coredns   | v3.empty    | A    | NOERROR  | 203.0.113.3
            wayfinder | v3.empty    | A    | NOERROR  | 203.0.113.3
            coredns   | www         | A    | NOERROR  | 10.0.0.80 203.0.113.80
            wayfinder | www         | A    | NOERROR  | 10.0.0.80 203.0.113.80
            coredns   | old         | A    | NOERROR  | 10.0.0.1 10.0.0.2
            wayfinder | old         | A    | NOERROR  | 10.0.0.1 10.0.0.2
            """)
    void eachNameAnswersWhatItsGroupsAllow(String which, String name, String type, String rcode, String answer) {
        Message m = Ask.ask(server(which), name + "." + ZONE, Type.value(type));

        assertThat(Rcode.string(m.getRcode())).as(which.equals("coredns") ? coredns.log() : wayfinder.output()).isEqualTo(rcode);
        TreeSet<String> got = new TreeSet<>();
        for (Record r : m.getSection(Section.ANSWER)) {
            got.add(r instanceof TXTRecord t ? String.join("", t.getStrings())
                    : r instanceof AAAARecord a ? IpLiteral.canonical(a.getAddress()) : r.rdataToString());
        }
        assertThat(String.join(" ", got)).isEqualTo(answer == null ? "" : answer);
    }
}
