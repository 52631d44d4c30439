package dev.wayfinder.server.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wayfinder.server.answer.Fixtures;
import dev.wayfinder.server.answer.Upstream;
import dev.wayfinder.server.faults.TcpDns;
import dev.wayfinder.server.snapshot.SnapshotStore;
import dev.wayfinder.server.transport.DnsHandler;
import dev.wayfinder.server.transport.QueryMetrics;
import dev.wayfinder.server.transport.QueryProcessor;
import dev.wayfinder.server.transport.TransportMetrics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The non-blocking TCP listener over real sockets: pipelining, bad frames, each deadline, eviction. */
class TcpServerTest {

    private static final SnapshotStore STORE = new SnapshotStore(Fixtures.CLOCK);
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String NAME = "a.server1.prod.region1.skydns.test";

    private final Queue<CloseReason> closed = new ConcurrentLinkedQueue<>();
    private final TransportMetrics metrics = new TransportMetrics() {
        @Override
        public void tcpClosed(CloseReason reason) {
            closed.add(reason);
        }
    };
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void data() {
        STORE.publish(Fixtures.snapshot(Fixtures.data()));
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private TcpServer start(TcpLimits limits) throws IOException {
        return start(limits, new QueryProcessor(Fixtures.answerer(Upstream.NONE), STORE, QueryMetrics.NONE));
    }

    private TcpServer start(TcpLimits limits, DnsHandler handler) throws IOException {
        TcpServer s = TcpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), handler, limits, metrics);
        open.add(s);
        return s;
    }

    private TcpDns client(TcpServer s) throws IOException {
        TcpDns c = TcpDns.connect(s.address(), WAIT);
        open.add(c);
        return c;
    }

    private static TcpLimits limits(int max, Duration idle, Duration message) {
        return new TcpLimits(max, idle, message, Duration.ofMinutes(5), 2);
    }

    @Test
    void pipelinedQueriesAreAllAnswered() throws IOException {
        TcpServer s = start(TcpLimits.defaults());
        TcpDns c = client(s);
        Set<Integer> sent = new HashSet<>();
        for (int id = 1; id <= 100; id++) { // more than the pipeline depth: reading pauses and resumes
            c.send(TcpDns.query(NAME, Type.A, id));
            sent.add(id);
        }
        Set<Integer> answered = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            Message m = c.read();
            assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(m.getSection(Section.ANSWER)).hasSize(1);
            answered.add(m.getHeader().getID());
        }
        assertThat(answered).isEqualTo(sent);
    }

    @Test
    void aFramedButMalformedMessageGetsFormerrAndTheConnectionGoesOn() throws IOException {
        TcpServer s = start(TcpLimits.defaults());
        TcpDns c = client(s);
        c.send(new byte[] {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, (byte) 0xc0, 0x0c}); // pointer to itself
        c.send(new byte[] {0x56, 0x78, 0x01});                                                          // shorter than a header
        c.send(new byte[0]);                                                                            // empty
        byte[] huge = new byte[FrameReader.MAX_MESSAGE + 1000];                                         // too long to hold
        huge[0] = 0x0a;
        huge[1] = 0x0b;
        huge[5] = 1;
        c.send(huge);
        c.send(TcpDns.query(NAME, Type.A, 0x7777));

        List<Message> replies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            replies.add(c.read());
        }
        assertThat(replies).filteredOn(m -> m.getRcode() == Rcode.FORMERR).extracting(m -> m.getHeader().getID())
                .containsExactlyInAnyOrder(0x1234, 0x5678, 0, 0x0a0b);
        assertThat(replies).filteredOn(m -> m.getHeader().getID() == 0x7777).singleElement()
                .satisfies(m -> assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR));
        assertThat(closed).isEmpty();
    }

    @Test
    void aMessageThatTricklesInIsCutAtItsDeadlineNotPerRead() throws Exception {
        TcpServer s = start(limits(100, Duration.ofSeconds(30), Duration.ofMillis(600)));
        TcpDns dripper = client(s);
        byte[] framed = TcpDns.query(NAME, Type.A, 1);
        long start = System.nanoTime();
        boolean cut = false;
        for (int i = 0; i < framed.length && !cut; i++) { // one byte per 200 ms: each read is quick, the message is not
            dripper.sendRaw(new byte[] {i == 0 ? 0 : framed[i - 1]});
            cut = dripper.closedByServer(Duration.ofMillis(200));
        }
        assertThat(cut).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        await().atMost(WAIT).until(() -> closed.contains(CloseReason.MESSAGE_TIMEOUT));
    }

    @Test
    void anIdleConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        TcpServer s = start(limits(100, Duration.ofMillis(1500), Duration.ofSeconds(2)));
        byte[] query = TcpDns.query(NAME, Type.A, 1); // built first: the idle clock starts at accept
        TcpDns c = client(s);
        assertThat(c.send(query).read().getRcode()).isEqualTo(Rcode.NOERROR);

        assertThat(c.closedByServer(WAIT)).isTrue();
        await().atMost(WAIT).until(() -> closed.contains(CloseReason.IDLE));
    }

    @Test
    void whenFullTheIdlestConnectionMakesRoomForTheNewOne() throws Exception {
        TcpServer s = start(limits(3, Duration.ofSeconds(30), Duration.ofSeconds(30)));
        TcpDns idle = client(s);
        await().atMost(WAIT).until(() -> s.openConnections() == 1);
        TcpDns active1 = client(s);
        TcpDns active2 = client(s);
        active1.send(TcpDns.query(NAME, Type.A, 1)).read();
        active2.send(TcpDns.query(NAME, Type.A, 2)).read();

        TcpDns newcomer = client(s);

        assertThat(newcomer.send(TcpDns.query(NAME, Type.A, 3)).read().getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(idle.closedByServer(WAIT)).isTrue();
        assertThat(active1.send(TcpDns.query(NAME, Type.A, 4)).read().getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(closed).containsExactly(CloseReason.EVICTED);
        assertThat(s.openConnections()).isEqualTo(3);
    }

    @Test
    void aClientThatNeverReadsItsRepliesIsClosed() throws Exception {
        byte[] big = new byte[60_000];
        TcpServer s = start(limits(100, Duration.ofSeconds(30), Duration.ofMillis(500)), (m, len, client, tcp) -> List.of(big));
        try (Socket raw = new Socket()) {
            raw.setReceiveBufferSize(4096);
            raw.connect(s.address());
            byte[] frame = {0, 12, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
            for (int i = 0; i < 200; i++) { // 12 MB of replies asked for, none read
                raw.getOutputStream().write(frame);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> closed.contains(CloseReason.WRITE_TIMEOUT));
        }
    }

    @Test
    void aClientThatHalfClosesStillGetsItsAnswer() throws IOException {
        TcpServer s = start(TcpLimits.defaults());
        TcpDns c = client(s);
        c.send(TcpDns.query(NAME, Type.A, 9));
        c.shutdownOutput();

        assertThat(c.read().getHeader().getID()).isEqualTo(9);
        assertThat(c.closedByServer(WAIT)).isTrue();
        await().atMost(WAIT).until(() -> closed.contains(CloseReason.CLIENT));
    }

    @Test
    void aConnectionPastItsLifetimeIsClosedBetweenMessages() throws Exception {
        TcpServer s = start(new TcpLimits(100, Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofMillis(700), 1));
        TcpDns c = client(s);
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        boolean cut = false;
        for (int id = 1; !cut && System.nanoTime() < until; id++) { // busy all along: never idle
            try {
                c.send(TcpDns.query(NAME, Type.A, id)).read();
                cut = c.closedByServer(Duration.ofMillis(100));
            } catch (IOException e) {
                cut = true; // closed between our check and the next query: a client must expect that (RFC 7766 §6.2.3)
            }
        }
        assertThat(cut).isTrue();
        await().atMost(WAIT).until(() -> closed.contains(CloseReason.LIFETIME));
    }
}
