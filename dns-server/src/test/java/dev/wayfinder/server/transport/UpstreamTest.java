package dev.wayfinder.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.model.skydns.SkyDnsKeys;
import dev.wayfinder.server.answer.AddressPolicy;
import dev.wayfinder.server.answer.Answerer;
import dev.wayfinder.server.answer.Fixtures;
import dev.wayfinder.server.answer.Upstream;
import dev.wayfinder.server.snapshot.SnapshotStore;
import dev.wayfinder.server.snapshot.ZoneSnapshot;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Out-of-zone targets through {@code --upstream HOST:PORT}: the upstream is a second real DNS
 * server on loopback (this server's own transport, authoritative for example.com).
 */
class UpstreamTest {

    private static DnsServer upstreamServer;
    private static Answerer answerer;
    private static ZoneSnapshot snapshot;

    @BeforeAll
    static void start() throws IOException {
        SnapshotStore upstreamStore = new SnapshotStore(Fixtures.CLOCK);
        upstreamStore.publish(Fixtures.snapshot(Map.of(
                "/skydns/com/example/target", "{\"host\":\"192.0.2.10\"}",
                "/skydns/com/example/v6", "{\"host\":\"2001:db8::10\"}",
                "/skydns/com/example/hop", "{\"host\":\"target.example.com\"}")));
        Answerer upstreamAnswerer = new Answerer(List.of("example.com."), SkyDnsKeys.defaults(), Upstream.NONE, AddressPolicy.NONE, Fixtures.CLOCK);
        upstreamServer = DnsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new QueryProcessor(upstreamAnswerer, upstreamStore, QueryMetrics.NONE), new DnsServer.Settings(1, 1, 4, 2_000));
        answerer = Fixtures.answerer(new ResolverUpstream(upstreamServer.address(), Duration.ofSeconds(2)));
        snapshot = Fixtures.snapshot(Map.of(
                "/skydns/test/skydns/ext/0a", "{\"host\":\"target.example.com\",\"ttl\":60}",
                "/skydns/test/skydns/extnx", "{\"host\":\"missing.example.com\"}",
                "/skydns/test/skydns/exthop", "{\"host\":\"hop.example.com\"}",
                "/skydns/test/skydns/svc/a", "{\"host\":\"target.example.com\",\"port\":443}",
                "/skydns/test/skydns/svc6/a", "{\"host\":\"v6.example.com\",\"port\":443}",
                "/skydns/test/skydns/exttxt", "{\"host\":\"target.example.com\"}"));
    }

    @AfterAll
    static void stop() {
        upstreamServer.close();
    }

    private static Message ask(String name, int type) {
        return answerer.answer(snapshot, Fixtures.query(name, type), null);
    }

    @Test
    void anOutOfZoneCnameIsKeptWithTheUpstreamAnswer() {
        assertThat(Fixtures.lines(ask("ext.skydns.test", Type.A), Section.ANSWER)).containsExactly(
                "ext.skydns.test. 60 CNAME target.example.com.", "target.example.com. 300 A 192.0.2.10");
    }

    @Test
    void anUpstreamNxdomainStillKeepsTheCname() {
        Message reply = ask("extnx.skydns.test", Type.A);
        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(Fixtures.lines(reply, Section.ANSWER)).containsExactly("extnx.skydns.test. 300 CNAME missing.example.com.");
    }

    @Test
    void upstreamChainsAreAppendedAsUpstreamAnswersThem() {
        assertThat(Fixtures.lines(ask("exthop.skydns.test", Type.A), Section.ANSWER)).containsExactly(
                "exthop.skydns.test. 300 CNAME hop.example.com.", "hop.example.com. 300 CNAME target.example.com.",
                "target.example.com. 300 A 192.0.2.10");
    }

    @Test
    void srvGlueForOutOfZoneTargetsComesFromUpstreamAAndAaaaWithoutCnames() {
        Message v4 = ask("svc.skydns.test", Type.SRV);
        assertThat(Fixtures.lines(v4, Section.ANSWER)).containsExactly("svc.skydns.test. 300 SRV 10 100 443 target.example.com.");
        assertThat(Fixtures.lines(v4, Section.ADDITIONAL)).containsExactly("target.example.com. 300 A 192.0.2.10");
        Message v6 = ask("svc6.skydns.test", Type.SRV);
        assertThat(Fixtures.lines(v6, Section.ADDITIONAL)).containsExactly("v6.example.com. 300 AAAA 2001:db8::10");
    }

    @Test
    void txtThroughAnOutOfZoneCnameWithNoTxtGivesJustTheCname() {
        assertThat(Fixtures.lines(ask("exttxt.skydns.test", Type.TXT), Section.ANSWER))
                .containsExactly("exttxt.skydns.test. 300 CNAME target.example.com.");
    }
}
