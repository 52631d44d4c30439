package dev.wayfinder.gslb.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wayfinder.model.DnsName;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

/** The NOTIFY listener over real UDP: what it accepts, what it refuses and how, what it counts, and its rate limits. */
class NotifyListenerTest {

    static final DnsName ZONE = DnsName.of("gb.foowidgets.k8s");
    static final DnsName FE = DnsName.of("fe.gb.foowidgets.k8s");
    static final DnsName API = DnsName.of("api.gb.foowidgets.k8s");
    static final DnsName ELSEWHERE = DnsName.of("fe.example.org");
    static final String SECRET = "c2hhcmVkLXNlY3JldC1vZi10aGUtZmVkZXJhdGlvbg==";
    static final TSIG KEY = key("gslb-notify.", SECRET);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final FakePeers peers = new FakePeers(List.of("us-buf", "eu-ams"), Set.of(FE, API));
    private final AtomicBoolean leading = new AtomicBoolean(true);
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    static TSIG key(String name, String secret) {
        try {
            return new TSIG(TSIG.HMAC_SHA256, Name.fromString(name), secret);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private NotifyListener listener(SourceLimits.Limits limits) {
        NotifyListener l = NotifyListener.start(new InetSocketAddress("127.0.0.1", 0), KEY, peers, List.of(ZONE), leading::get, limits, meters);
        closing.add(l);
        return l;
    }

    private NotifyListener listener() {
        return listener(SourceLimits.Limits.DEFAULTS);
    }

    /** The wire form of {@code m}, signed with {@code signer} when there is one. */
    static byte[] wire(Message m, TSIG signer) {
        if (signer != null) {
            m.setTSIG(signer);
        }
        return m.toWire(65535);
    }

    private Optional<Message> exchange(NotifyListener l, byte[] request) throws IOException {
        return exchange(l, request, "127.0.0.1");
    }

    /** Sends one datagram from {@code from} and returns the reply, if one comes within half a second. */
    private Optional<Message> exchange(NotifyListener l, byte[] request, String from) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(from), 0))) {
            s.setSoTimeout(500);
            s.send(new DatagramPacket(request, request.length, l.address()));
            byte[] buf = new byte[4096];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                s.receive(p);
            } catch (SocketTimeoutException e) {
                return Optional.empty();
            }
            return Optional.of(new Message(java.util.Arrays.copyOf(buf, p.getLength())));
        }
    }

    private double count(String name, String tag, String value) {
        Counter c = meters.find(name).tag(tag, value).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aSignedNotifyFromAPeerIsAcknowledgedSignedAndThatHostIsAskedOfThatPeer() throws Exception {
        NotifyListener l = listener();
        byte[] request = wire(NotifyCodec.request("us-buf", FE, false), KEY);

        Message reply = exchange(l, request).orElseThrow();

        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(reply.getHeader().getFlag(Flags.QR)).isTrue();
        assertThat(reply.getHeader().getOpcode()).isEqualTo(Opcode.NOTIFY);
        assertThat(reply.getQuestion().getName()).hasToString("localtargets-fe.gb.foowidgets.k8s.");
        TSIGRecord requestMac = new Message(request).getTSIG();
        assertThat(KEY.verify(reply, reply.toWire(), requestMac)).as("the reply is signed with the key").isEqualTo(Rcode.NOERROR);
        await().atMost(Duration.ofSeconds(5)).until(() -> !peers.asked.isEmpty());
        assertThat(peers.asked.get(0)).isEqualTo(new FakePeers.Asked("us-buf", Set.of(FE)));
        assertThat(count("wayfinder_gslb_notify_received_total", "peer", "us-buf")).isEqualTo(1);
    }

    @Test
    void aZoneNotifyAsksThatPeerAboutEveryTrackedHostUnderTheZone() throws Exception {
        NotifyListener l = listener();

        Message reply = exchange(l, wire(NotifyCodec.request("eu-ams", ZONE, true), KEY)).orElseThrow();

        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
        await().atMost(Duration.ofSeconds(5)).until(() -> !peers.asked.isEmpty());
        assertThat(peers.asked.get(0)).isEqualTo(new FakePeers.Asked("eu-ams", Set.of(FE, API)));
    }

    @Test
    void anUnsignedNotifyIsRefusedAndCountedAndAsksNothing() throws Exception {
        NotifyListener l = listener();

        Message reply = exchange(l, wire(NotifyCodec.request("us-buf", FE, false), null)).orElseThrow();

        assertThat(reply.getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(reply.getTSIG()).isNull();
        assertThat(count("wayfinder_gslb_notify_refused_total", "reason", "unsigned")).isEqualTo(1);
        assertThat(peers.asked).isEmpty();
    }

    @Test
    void aNotifySignedWithAnotherSecretGetsNotauthWithBadsigAndAsksNothing() throws Exception {
        NotifyListener l = listener();

        Message reply = exchange(l, wire(NotifyCodec.request("us-buf", FE, false), key("gslb-notify.", "b3RoZXItc2VjcmV0"))).orElseThrow();

        assertThat(reply.getRcode()).isEqualTo(Rcode.NOTAUTH);
        assertThat(reply.getTSIG().getError()).isEqualTo(Rcode.BADSIG);
        assertThat(count("wayfinder_gslb_notify_refused_total", "reason", "bad_signature")).isEqualTo(1);
        assertThat(peers.asked).isEmpty();
    }

    @Test
    void aNotifySignedWithAnotherKeyNameGetsNotauthWithBadkey() throws Exception {
        NotifyListener l = listener();

        Message reply = exchange(l, wire(NotifyCodec.request("us-buf", FE, false), key("someone-else.", SECRET))).orElseThrow();

        assertThat(reply.getRcode()).isEqualTo(Rcode.NOTAUTH);
        assertThat(reply.getTSIG().getError()).isEqualTo(Rcode.BADKEY);
        assertThat(count("wayfinder_gslb_notify_refused_total", "reason", "bad_signature")).isEqualTo(1);
    }

    @Test
    void aNotifyTamperedWithAfterSigningFailsItsSignature() throws Exception {
        NotifyListener l = listener();
        byte[] request = wire(NotifyCodec.request("us-buf", FE, false), KEY);
        int at = new String(request, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("fe");
        request[at] = 'x'; // localtargets-xe…: another name under the same signature

        Message reply = exchange(l, request).orElseThrow();

        assertThat(reply.getRcode()).isEqualTo(Rcode.NOTAUTH);
        assertThat(peers.asked).isEmpty();
    }

    @Test
    void garbageIsDroppedUnansweredAndCountedAsMalformed() throws Exception {
        NotifyListener l = listener();

        assertThat(exchange(l, new byte[] {1, 2, 3, 4, 5})).isEmpty();

        assertThat(count("wayfinder_gslb_notify_refused_total", "reason", "malformed")).isEqualTo(1);
        // The listener goes on: the next NOTIFY is answered.
        assertThat(exchange(l, wire(NotifyCodec.request("us-buf", FE, false), KEY)).orElseThrow().getRcode()).isEqualTo(Rcode.NOERROR);
    }

    @Test
    void aQueryIsNotImplementedHereAndAResponseIsNeverAnswered() throws Exception {
        NotifyListener l = listener();
        Message query = Message.newQuery(Record.newRecord(Name.fromString("localtargets-fe.gb.foowidgets.k8s."), Type.A, DClass.IN));

        assertThat(exchange(l, wire(query, KEY)).orElseThrow().getRcode()).isEqualTo(Rcode.NOTIMP);
        Message response = NotifyCodec.request("us-buf", FE, false);
        response.getHeader().setFlag(Flags.QR);
        assertThat(exchange(l, wire(response, KEY))).isEmpty();
        assertThat(count("wayfinder_gslb_notify_refused_total", "reason", "not_notify")).isEqualTo(1);
        assertThat(count("wayfinder_gslb_notify_refused_total", "reason", "malformed")).isEqualTo(1);
    }

    @Test
    void aSignedNotifyThatDoesNotNameItsSenderIsAFormatError() throws Exception {
        NotifyListener l = listener();
        Message m = Message.newQuery(Record.newRecord(Name.fromString("localtargets-fe.gb.foowidgets.k8s."), Type.A, DClass.IN));
        m.getHeader().setOpcode(Opcode.NOTIFY);

        Message reply = exchange(l, wire(m, KEY)).orElseThrow();

        assertThat(reply.getRcode()).isEqualTo(Rcode.FORMERR);
        assertThat(count("wayfinder_gslb_notify_refused_total", "reason", "malformed")).isEqualTo(1);
    }

    @Test
    void aNotifyFromAClusterThatIsNoPeerOrAboutANameOutsideTheZonesIsRefused() throws Exception {
        NotifyListener l = listener();

        assertThat(exchange(l, wire(NotifyCodec.request("ap-syd", FE, false), KEY)).orElseThrow().getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(exchange(l, wire(NotifyCodec.request("us-buf", ELSEWHERE, false), KEY)).orElseThrow().getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(exchange(l, wire(NotifyCodec.request("us-buf", FE, true), KEY)).orElseThrow().getRcode())
                .as("SOA of a name that is no zone apex").isEqualTo(Rcode.REFUSED);

        assertThat(count("wayfinder_gslb_notify_refused_total", "reason", "unknown_peer")).isEqualTo(1);
        assertThat(count("wayfinder_gslb_notify_refused_total", "reason", "unknown_name")).isEqualTo(2);
        assertThat(peers.asked).isEmpty();
    }

    @Test
    void aStandbyReplicaRefusesSoTheSenderTriesAgainAndReachesTheLeader() throws Exception {
        NotifyListener l = listener();
        leading.set(false);

        assertThat(exchange(l, wire(NotifyCodec.request("us-buf", FE, false), KEY)).orElseThrow().getRcode()).isEqualTo(Rcode.REFUSED);

        assertThat(count("wayfinder_gslb_notify_refused_total", "reason", "standby")).isEqualTo(1);
        assertThat(peers.asked).isEmpty();
    }

    @Test
    void beyondItsLimitASourceIsDroppedUnreadWhileAnotherSourceIsStillHeard() throws Exception {
        NotifyListener l = listener(new SourceLimits.Limits(3, 1000, Duration.ofMinutes(10)));
        List<Optional<Message>> replies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            replies.add(exchange(l, wire(NotifyCodec.request("us-buf", FE, false), KEY), "127.0.0.1"));
        }

        assertThat(replies.stream().filter(Optional::isPresent).count()).isEqualTo(3);
        assertThat(replies.subList(3, 5)).allMatch(Optional::isEmpty);
        assertThat(count("wayfinder_gslb_notify_rate_limited_total", "limit", "source")).isEqualTo(2);
        assertThat(exchange(l, wire(NotifyCodec.request("us-buf", FE, false), KEY), "127.0.0.2")).isPresent();
    }

    @Test
    void beyondTheOverallLimitEverySourceIsDropped() throws Exception {
        NotifyListener l = listener(new SourceLimits.Limits(100, 2, Duration.ofMinutes(10)));

        assertThat(exchange(l, wire(NotifyCodec.request("us-buf", FE, false), KEY), "127.0.0.1")).isPresent();
        assertThat(exchange(l, wire(NotifyCodec.request("us-buf", FE, false), KEY), "127.0.0.2")).isPresent();
        assertThat(exchange(l, wire(NotifyCodec.request("us-buf", FE, false), KEY), "127.0.0.3")).isEmpty();

        assertThat(count("wayfinder_gslb_notify_rate_limited_total", "limit", "overall")).isEqualTo(1);
    }
}
