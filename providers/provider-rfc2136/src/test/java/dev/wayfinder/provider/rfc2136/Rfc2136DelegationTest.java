package dev.wayfinder.provider.rfc2136;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wayfinder.model.Changes;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.model.Update;
import dev.wayfinder.provider.DomainFilter;
import dev.wayfinder.provider.rfc2136.testing.NamedProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferException;

/**
 * Edge delegation of a GSLB zone shared by two clusters, against a real BIND: each cluster keeps
 * only its own NS record inside the one NS RRset of {@code gb.foowidgets.k8s} and its own glue.
 */
class Rfc2136DelegationTest {

    @RegisterExtension
    static final NamedProcess NAMED = NamedProcess.builder().zones("foowidgets.k8s").wipeBeforeEach().build();

    private static final DomainFilter FILTER = DomainFilter.of("foowidgets.k8s");
    private static final DnsName GSLB = DnsName.of("gb.foowidgets.k8s");

    private static Endpoint ns(String geo) {
        return new Endpoint(GSLB, RecordType.NS, List.of(glueName(geo).toString()), 300, geo, owned(geo));
    }

    private static Endpoint glue(String geo, String ip) {
        return new Endpoint(glueName(geo), RecordType.A, List.of(ip), 300, "", owned(geo));
    }

    private static DnsName glueName(String geo) {
        return DnsName.of("gslb-ns-" + geo + "-gb.foowidgets.k8s");
    }

    private static Metadata owned(String geo) {
        return Metadata.owned(geo.substring(3), "gslb/default/edge");
    }

    private static Rfc2136Provider provider() {
        return new Rfc2136Provider(NAMED.config().build(), FILTER);
    }

    /** The records of one name and type as BIND answers them: data only, sorted. */
    private static Set<String> answer(String name, int type) throws Exception {
        Message q = Message.newQuery(Record.newRecord(Name.fromString(name + "."), type, DClass.IN));
        Message a = NAMED.resolver().send(q);
        Set<String> out = new TreeSet<>();
        for (int section : new int[] {Section.ANSWER, Section.AUTHORITY}) {
            a.getSection(section).stream().filter(r -> r.getType() == type).forEach(r -> out.add(r.rdataToString()));
        }
        return out;
    }

    private static void publishBoth() throws Exception {
        provider().apply(Changes.create(glue("us-buf", "192.0.2.10"), ns("us-buf")));
        provider().apply(Changes.create(glue("us-nyc", "192.0.2.20"), ns("us-nyc")));
    }

    @Test
    void twoClustersShareOneNsRrsetEachWithItsOwnGlue() throws Exception {
        publishBoth();

        assertThat(answer("gb.foowidgets.k8s", Type.NS))
                .containsExactly("gslb-ns-us-buf-gb.foowidgets.k8s.", "gslb-ns-us-nyc-gb.foowidgets.k8s.");
        assertThat(answer("gslb-ns-us-buf-gb.foowidgets.k8s", Type.A)).containsExactly("192.0.2.10");
        assertThat(answer("gslb-ns-us-nyc-gb.foowidgets.k8s", Type.A)).containsExactly("192.0.2.20");
        assertThat(provider().records()).filteredOn(e -> e.type() == RecordType.NS)
                .containsExactlyInAnyOrder(ns("us-buf"), ns("us-nyc"));
    }

    @Test
    void aClusterDeletesOnlyItsOwnNsAndGlue() throws Exception {
        publishBoth();

        provider().apply(Changes.delete(ns("us-nyc"), glue("us-nyc", "192.0.2.20")));

        assertThat(answer("gb.foowidgets.k8s", Type.NS)).containsExactly("gslb-ns-us-buf-gb.foowidgets.k8s.");
        assertThat(answer("gslb-ns-us-buf-gb.foowidgets.k8s", Type.A)).containsExactly("192.0.2.10");
        assertThat(answer("gslb-ns-us-nyc-gb.foowidgets.k8s", Type.A)).isEmpty();
        assertThat(provider().records()).containsExactlyInAnyOrder(ns("us-buf"), glue("us-buf", "192.0.2.10"));
    }

    @Test
    void updatingOneClustersGlueLeavesTheOtherUntouched() throws Exception {
        publishBoth();

        provider().apply(new Changes(List.of(), List.of(new Update(glue("us-buf", "192.0.2.10"), glue("us-buf", "192.0.2.11"))), List.of()));

        assertThat(answer("gslb-ns-us-buf-gb.foowidgets.k8s", Type.A)).containsExactly("192.0.2.11");
        assertThat(answer("gslb-ns-us-nyc-gb.foowidgets.k8s", Type.A)).containsExactly("192.0.2.20");
        assertThat(answer("gb.foowidgets.k8s", Type.NS)).hasSize(2);
    }

    @Test
    void aClusterWritingFromAStaleReadNeitherFailsNorUndoesTheOther() throws Exception {
        publishBoth();
        // nyc reads the zone, then buf replaces its NS target before nyc's UPDATE arrives.
        Endpoint bufMoved = new Endpoint(GSLB, RecordType.NS, List.of("gslb-ns-us-buf2-gb.foowidgets.k8s"), 300, "us-buf", owned("us-buf"));
        Rfc2136Provider nyc = new Rfc2136Provider(NAMED.config().build(), FILTER, new DelegatingTransport() {
            @Override
            public List<Record> transfer(InetSocketAddress server, Name zone, TSIG tsig, Duration timeout)
                    throws IOException, ZoneTransferException {
                List<Record> read = super.transfer(server, zone, tsig, timeout);
                try {
                    provider().apply(Changes.update(new Update(ns("us-buf"), bufMoved)));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return read;
            }
        });

        nyc.apply(Changes.delete(ns("us-nyc")));

        assertThat(answer("gb.foowidgets.k8s", Type.NS)).containsExactly("gslb-ns-us-buf2-gb.foowidgets.k8s.");
        assertThat(provider().records()).filteredOn(e -> e.type() == RecordType.NS).containsExactly(bufMoved);
    }

    @Test
    void theNsAtTheEdgeZoneApexIsStillRefused() {
        Endpoint apex = new Endpoint(DnsName.of("foowidgets.k8s"), RecordType.NS, List.of("ns1.example.net"), 300, "us-buf", owned("us-buf"));

        assertThatThrownBy(() -> provider().apply(Changes.create(apex)))
                .hasMessageContaining("zone apex belong to the zone");
    }

    @Test
    void anNsWhoseInZoneTargetHasNoAddressYetIsAcceptedAndItsGlueFollows() throws Exception {
        provider().apply(Changes.create(ns("us-buf")));

        assertThat(answer("gb.foowidgets.k8s", Type.NS)).containsExactly("gslb-ns-us-buf-gb.foowidgets.k8s.");

        provider().apply(Changes.create(glue("us-buf", "192.0.2.10")));

        assertThat(answer("gslb-ns-us-buf-gb.foowidgets.k8s", Type.A)).containsExactly("192.0.2.10");
    }
}
