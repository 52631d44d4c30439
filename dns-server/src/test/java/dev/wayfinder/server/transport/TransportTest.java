package dev.wayfinder.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.server.answer.Answerer;
import dev.wayfinder.server.answer.Fixtures;
import dev.wayfinder.server.answer.Upstream;
import dev.wayfinder.server.snapshot.SnapshotStore;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** UDP and TCP end to end with dnsjava as the client: EDNS0, truncation, REFUSED, concurrency, the fuzz corpus. */
class TransportTest {

    private static DnsServer server;
    private static final SnapshotStore STORE = new SnapshotStore(Fixtures.CLOCK);

    @BeforeAll
    static void start() throws IOException {
        Map<String, String> data = Fixtures.data();
        for (int i = 0; i < 100; i++) {
            data.put("/skydns/test/skydns/many/" + String.format("%03d", i), "{\"host\":\"10.20." + (i / 250) + "." + (i % 250) + "\"}");
        }
        STORE.publish(Fixtures.snapshot(data));
        Answerer answerer = Fixtures.answerer(Upstream.NONE);
        server = DnsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new QueryProcessor(answerer, STORE, QueryMetrics.NONE), new DnsServer.Settings(2, 2, 16, 2_000));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static SimpleResolver resolver(boolean tcp) {
        SimpleResolver r = new SimpleResolver(server.address());
        r.setTCP(tcp);
        r.setTimeout(Duration.ofSeconds(2));
        r.setIgnoreTruncation(true);
        return r;
    }

    @Test
    void answersOverUdpAndTcp() throws IOException {
        for (boolean tcp : new boolean[] {false, true}) {
            Message reply = resolver(tcp).send(Fixtures.query("www.skydns.test", Type.A));

            assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(Fixtures.lines(reply, Section.ANSWER)).containsExactly(
                    "www.skydns.test. 60 CNAME server1.prod.region1.skydns.test.",
                    "server1.prod.region1.skydns.test. 300 A 10.0.0.1",
                    "server1.prod.region1.skydns.test. 300 A 10.0.0.2");
        }
    }

    @Test
    void udpWithoutEdnsIsTruncatedTo512BytesWithTc() throws IOException {
        SimpleResolver noEdns = resolver(false);
        noEdns.setEDNS(-1);
        Message reply = noEdns.send(Fixtures.query("many.skydns.test", Type.A));

        assertThat(reply.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(reply.getOPT()).isNull();
        assertThat(reply.toWire().length).isLessThanOrEqualTo(512);
        assertThat(reply.getSection(Section.ANSWER)).isNotEmpty().hasSizeLessThan(100);
        assertThat(Fixtures.lines(reply, Section.ANSWER).get(0)).isEqualTo("many.skydns.test. 300 A 10.20.0.0");
    }

    @Test
    void ednsBufferSizeIsHonouredUpToTheMaximumAndTheOptIsEchoed() throws IOException {
        Message query = Fixtures.query("many.skydns.test", Type.A);
        query.addRecord(new OPTRecord(1000, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);

        Message reply = resolver(false).send(query);

        assertThat(reply.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(reply.toWire().length).isLessThanOrEqualTo(1000).isGreaterThan(512);
        assertThat(reply.getOPT()).isNotNull();
        assertThat(reply.getOPT().getPayloadSize()).isEqualTo(1000);
        assertThat(reply.getOPT().getFlags() & ExtendedFlags.DO).isEqualTo(ExtendedFlags.DO);
    }

    @Test
    void aLargerEdnsBufferIsClampedToMaxUdpSize() throws IOException {
        Message query = Fixtures.query("many.skydns.test", Type.A);
        query.addRecord(new OPTRecord(65535, 0, 0, 0), Section.ADDITIONAL);

        Message reply = resolver(false).send(query);

        assertThat(reply.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(reply.toWire().length).isLessThanOrEqualTo(QueryProcessor.DEFAULT_MAX_UDP).isGreaterThan(1000);
        assertThat(reply.getOPT().getPayloadSize()).as("the clamped size is what is advertised, as CoreDNS's bufsize")
                .isEqualTo(QueryProcessor.DEFAULT_MAX_UDP);
    }

    @Test
    void aLargerMaxUdpSizeLetsTheWholeAnswerThrough() throws IOException {
        QueryProcessor wide = new QueryProcessor(Fixtures.answerer(Upstream.NONE), STORE, QueryMetrics.NONE, null, 4096);
        try (DnsServer roomy = DnsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), wide,
                new DnsServer.Settings(1, 1, 4, 2_000).withMaxUdpSize(4096))) {
            Message query = Fixtures.query("many.skydns.test", Type.A);
            query.addRecord(new OPTRecord(4096, 0, 0, 0), Section.ADDITIONAL);
            SimpleResolver r = new SimpleResolver(roomy.address());
            r.setIgnoreTruncation(true);
            r.setTimeout(Duration.ofSeconds(2));

            Message reply = r.send(query);

            assertThat(reply.getHeader().getFlag(Flags.TC)).isFalse();
            assertThat(reply.getSection(Section.ANSWER)).hasSize(100);
            assertThat(reply.getOPT().getPayloadSize()).isEqualTo(4096);
        }
    }

    @Test
    void tcpIsNeverTruncated() throws IOException {
        Message reply = resolver(true).send(Fixtures.query("many.skydns.test", Type.A));

        assertThat(reply.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(reply.getSection(Section.ANSWER)).hasSize(100);
    }

    @Test
    void ednsVersionOtherThanZeroIsBadvers() throws IOException {
        Message query = Fixtures.query("www.skydns.test", Type.A);
        query.addRecord(new OPTRecord(1232, 0, 1, 0), Section.ADDITIONAL);

        Message reply = resolver(false).send(query);

        assertThat(reply.getRcode()).isEqualTo(Rcode.BADVERS);
    }

    @Test
    void namesOutsideTheZonesAreRefused() throws IOException {
        Message reply = resolver(false).send(Fixtures.query("www.example.com", Type.A));

        assertThat(reply.getRcode()).isEqualTo(Rcode.REFUSED);
    }

    @Test
    void manyConcurrentClientsAllGetAnswers() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                boolean tcp = i % 4 == 0;
                results.add(pool.submit(() -> resolver(tcp).send(Fixtures.query("a.server1.prod.region1.skydns.test", Type.A)).getRcode()));
            }
            for (Future<Integer> f : results) {
                assertThat(f.get()).isEqualTo(Rcode.NOERROR);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static List<Path> corpus() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/fuzz"))) {
            return files.filter(p -> p.toString().endsWith(".bin")).sorted().toList();
        }
    }

    @Test
    void theFuzzCorpusNeverCrashesOrStallsTheServer() throws Exception {
        List<Path> files = corpus();
        assertThat(files).hasSizeGreaterThan(40);
        QueryProcessor direct = new QueryProcessor(Fixtures.answerer(Upstream.NONE), STORE, QueryMetrics.NONE);
        try (DatagramSocket udp = new DatagramSocket()) {
            udp.setSoTimeout(300);
            for (Path f : files) {
                byte[] packet = Files.readAllBytes(f);
                direct.process(packet, packet.length, InetAddress.getLoopbackAddress(), false);
                if (packet.length <= 65507) {
                    udp.send(new DatagramPacket(packet, packet.length, server.address()));
                    drain(udp);
                }
            }
        }
        assertThat(sendTcpThenAsk(files)).as("the valid query after the corpus, on the same connection").isEqualTo(Rcode.NOERROR);
        Message reply = resolver(false).send(Fixtures.query("a.server1.prod.region1.skydns.test", Type.A));
        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(resolver(true).send(Fixtures.query("a.server1.prod.region1.skydns.test", Type.A)).getRcode()).isEqualTo(Rcode.NOERROR);
    }

    @Test
    void randomMutationsOfValidQueriesNeverThrow() throws IOException {
        QueryProcessor direct = new QueryProcessor(Fixtures.answerer(Upstream.NONE), STORE, QueryMetrics.NONE);
        java.util.Random random = new java.util.Random(20261122);
        List<byte[]> seeds = new ArrayList<>();
        for (Path f : corpus()) {
            seeds.add(Files.readAllBytes(f));
        }
        seeds.add(Fixtures.query("www.skydns.test", Type.A).toWire());
        seeds.add(Fixtures.query("weights.skydns.test", Type.SRV).toWire());
        int answered = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] seed = seeds.get(random.nextInt(seeds.size()));
            byte[] packet = java.util.Arrays.copyOf(seed, Math.max(1, seed.length + random.nextInt(9) - 4));
            for (int m = random.nextInt(4); m >= 0 && packet.length > 0; m--) {
                packet[random.nextInt(packet.length)] = (byte) random.nextInt(256);
            }
            if (direct.process(packet, packet.length, InetAddress.getLoopbackAddress(), random.nextBoolean()) != null) {
                answered++;
            }
        }
        assertThat(answered).isPositive();
    }

    @Test
    void malformedQueriesWithAReadableHeaderGetFormerr() throws IOException {
        byte[] packet = Files.readAllBytes(Path.of("src/test/resources/fuzz/pointer-to-itself.bin"));
        try (DatagramSocket udp = new DatagramSocket()) {
            udp.setSoTimeout(2000);
            udp.send(new DatagramPacket(packet, packet.length, server.address()));
            DatagramPacket in = new DatagramPacket(new byte[512], 512);
            udp.receive(in);
            Message reply = new Message(java.util.Arrays.copyOf(in.getData(), in.getLength()));
            assertThat(reply.getRcode()).isEqualTo(Rcode.FORMERR);
            assertThat(reply.getHeader().getID()).isEqualTo(0x1234);
        }
    }

    private static void drain(DatagramSocket udp) throws IOException {
        try {
            udp.receive(new DatagramPacket(new byte[65535], 65535));
        } catch (SocketTimeoutException e) {
            // dropped without a reply: allowed for packets that cannot be answered
        }
    }

    /**
     * Every corpus packet framed on one TCP connection, then a valid query (id 0x7777): the rcode of
     * its reply. Replies to the corpus (FORMERR mostly; none to responses) are read past.
     */
    private static int sendTcpThenAsk(List<Path> files) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(server.address(), 1000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            for (Path f : files) {
                byte[] packet = Files.readAllBytes(f);
                int len = Math.min(packet.length, 65535);
                out.write(new byte[] {(byte) (len >>> 8), (byte) len});
                out.write(packet, 0, len);
            }
            Message valid = Fixtures.query("a.server1.prod.region1.skydns.test", Type.A);
            valid.getHeader().setID(0x7777);
            byte[] wire = valid.toWire();
            out.write(new byte[] {(byte) (wire.length >>> 8), (byte) wire.length});
            out.write(wire);
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            while (true) {
                byte[] reply = new byte[in.readUnsignedShort()];
                in.readFully(reply);
                if (reply.length >= 2 && ((reply[0] & 0xff) << 8 | (reply[1] & 0xff)) == 0x7777 && reply.length > 12) {
                    Message m = new Message(reply);
                    if (m.getQuestion() != null && m.getQuestion().getName().toString().startsWith("a.server1")) {
                        return m.getRcode();
                    }
                }
            }
        }
    }
}
