package dev.wayfinder.system.coredns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.cli.Main;
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
import dev.wayfinder.system.support.RequiresStockCoreDns;
import dev.wayfinder.system.support.StockCoreDns;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The Corefile {@code wayfinder corefile} prints, run unchanged by stock CoreDNS over a real etcd
 * that the etcd provider filled: the zone, its apex (SOA, NS), a name, and no answer outside it.
 */
@RequiresStockCoreDns
class CorefileCommandOnCoreDnsTest {

    static final String ZONE = "foowidgets.k8s";
    static final String OWNER = "wf-test";

    @RegisterExtension
    static final EtcdServerExtension ETCD = new EtcdServerExtension();

    static CoreDnsProcess coredns;

    @BeforeAll
    static void start() throws Exception {
        SkyDnsMapping mapping = new SkyDnsMapping(SkyDnsKeys.defaults(), List.of(DnsName.of(ZONE)), 300);
        try (EtcdProvider provider = new EtcdProvider(ETCD.client(), mapping, DomainFilter.of(List.of(ZONE), List.of()))) {
            provider.apply(Changes.create(
                    owned(Endpoint.of("nginx." + ZONE, RecordType.A, "172.18.200.101")),
                    owned(Endpoint.of(ZONE, RecordType.A, "172.18.200.100")),
                    owned(Endpoint.of(SkyDnsKeys.nameserverName(DnsName.of(ZONE), "ns1").toString(), RecordType.A, "192.0.2.53"))));
        }
        coredns = StockCoreDns.start(port -> corefile("--zone", ZONE, "--etcd-urls", ETCD.clientUrl(), "--port", String.valueOf(port)));
    }

    @AfterAll
    static void stop() {
        if (coredns != null) {
            coredns.close();
        }
    }

    static Endpoint owned(Endpoint e) {
        return e.withMetadata(Metadata.owned(OWNER, "service/default/test"));
    }

    /** What {@code wayfinder corefile ARGS} prints, exactly as a user would paste it. */
    static String corefile(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(java.util.stream.Stream.concat(java.util.stream.Stream.of("corefile"), java.util.stream.Stream.of(args)).toArray(String[]::new));
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }

    @Test
    void aPublishedNameResolves() {
        Message m = Ask.ask(coredns.address(), "nginx." + ZONE, Type.A);

        assertThat(m.getRcode()).as(coredns.log()).isEqualTo(Rcode.NOERROR);
        assertThat(m.getSection(Section.ANSWER)).extracting(r -> ((ARecord) r).getAddress().getHostAddress()).containsExactly("172.18.200.101");
    }

    @Test
    void theApexAnswersItsOwnAddressOnly() {
        Message m = Ask.ask(coredns.address(), ZONE, Type.A);

        assertThat(m.getSection(Section.ANSWER)).extracting(r -> ((ARecord) r).getAddress().getHostAddress()).containsExactly("172.18.200.100");
    }

    @Test
    void theApexHasAnSoaAndTheNameServersPublishedAsNsDns() {
        Message soa = Ask.ask(coredns.address(), ZONE, Type.SOA);
        Message ns = Ask.ask(coredns.address(), ZONE, Type.NS);

        assertThat(soa.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(soa.getSection(Section.ANSWER)).singleElement().isInstanceOf(SOARecord.class);
        assertThat(ns.getSection(Section.ANSWER)).extracting(r -> ((NSRecord) r).getTarget().toString())
                .containsExactly("ns1.ns.dns." + ZONE + ".");
        assertThat(ns.getSection(Section.ADDITIONAL)).filteredOn(r -> r.getType() == Type.A)
                .extracting(r -> ((ARecord) r).getAddress().getHostAddress()).containsExactly("192.0.2.53");
    }

    @Test
    void namesOutsideTheZoneAreRefused() {
        Message m = Ask.ask(coredns.address(), "example.com", Type.A);

        assertThat(m.getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(m.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void anUnknownNameIsNxdomainWithTheZoneSoa() {
        Message m = Ask.ask(coredns.address(), "nobody." + ZONE, Type.A);

        assertThat(m.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(m.getSection(Section.AUTHORITY)).extracting(Record::getType).containsExactly(Type.SOA);
    }
}
