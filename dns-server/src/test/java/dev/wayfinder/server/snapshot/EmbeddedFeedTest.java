package dev.wayfinder.server.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.model.skydns.SkyDnsEntry;
import dev.wayfinder.model.skydns.SkyDnsKeys;
import dev.wayfinder.model.skydns.SkyDnsMapping;
import dev.wayfinder.server.answer.AddressPolicy;
import dev.wayfinder.server.answer.Answerer;
import dev.wayfinder.server.answer.Fixtures;
import dev.wayfinder.server.answer.Upstream;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The embedded seam: the controller's records mapped with SkyDnsMapping and pushed in whole, no etcd. */
class EmbeddedFeedTest {

    @Test
    void entriesMappedFromEndpointsAreAnsweredAsCoreDnsWouldServeThem() {
        SkyDnsMapping mapping = new SkyDnsMapping(SkyDnsKeys.defaults(), List.of(DnsName.of("example.org")), 300);
        List<SkyDnsEntry> entries = Stream.of(
                        Endpoint.of("www.example.org", RecordType.A, "192.0.2.1", "192.0.2.2").withTtl(60),
                        Endpoint.of("alias.example.org", RecordType.CNAME, "www.example.org"),
                        Endpoint.of("example.org", RecordType.A, "192.0.2.9"))
                .flatMap(e -> mapping.toEntries(e).stream()).toList();
        SnapshotStore store = new SnapshotStore(Fixtures.CLOCK);
        Answerer answerer = new Answerer(List.of("example.org."), SkyDnsKeys.defaults(), Upstream.NONE, AddressPolicy.NONE, Fixtures.CLOCK);

        store.replaceAll(1, entries);

        assertThat(store.isLoaded()).isTrue();
        Message www = answerer.answer(store.current(), Fixtures.query("www.example.org", Type.A), null);
        assertThat(Fixtures.lines(www, Section.ANSWER)).containsExactlyInAnyOrder(
                "www.example.org. 60 A 192.0.2.1", "www.example.org. 60 A 192.0.2.2");
        Message alias = answerer.answer(store.current(), Fixtures.query("alias.example.org", Type.CNAME), null);
        assertThat(Fixtures.lines(alias, Section.ANSWER)).containsExactly("alias.example.org. 300 CNAME www.example.org.");
        Message apex = answerer.answer(store.current(), Fixtures.query("example.org", Type.A), null);
        assertThat(Fixtures.lines(apex, Section.ANSWER)).as("apex from dns/apex only").containsExactly("example.org. 300 A 192.0.2.9");

        store.replaceAll(2, entries.subList(0, 1));
        assertThat(answerer.answer(store.current(), Fixtures.query("alias.example.org", Type.A), null).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }
}
