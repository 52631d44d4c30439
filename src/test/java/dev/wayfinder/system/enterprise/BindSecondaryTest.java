package dev.wayfinder.system.enterprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.wayfinder.model.skydns.SkyDnsKeys;
import dev.wayfinder.provider.etcd.EtcdConnection;
import dev.wayfinder.provider.etcd.testing.EtcdServerExtension;
import dev.wayfinder.server.answer.AddressPolicy;
import dev.wayfinder.server.answer.Upstream;
import dev.wayfinder.server.cli.DnsRuntime;
import dev.wayfinder.server.etcd.EtcdSnapshotFeed;
import dev.wayfinder.server.snapshot.SnapshotStore;
import dev.wayfinder.server.transport.DnsServer;
import dev.wayfinder.server.xfr.Cidr;
import dev.wayfinder.server.xfr.Notifier;
import dev.wayfinder.server.xfr.TransferConfig;
import dev.wayfinder.server.xfr.TsigKey;
import dev.wayfinder.system.support.Repository;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;

/**
 * A real BIND 9 secondary of {@code wayfinder dns} fed by a real etcd: TSIG-guarded AXFR, NOTIFY
 * after every change, run with {@code deploy/examples/bind/secondary/named-secondary.conf} as shipped.
 */
class BindSecondaryTest {

    private static final String NAMED = "/usr/sbin/named";
    private static final Path TEMPLATE = Repository.resolve("deploy", "examples", "bind", "secondary", "named-secondary.conf");
    private static final String ZONE = "example.org.";

    @RegisterExtension
    static final EtcdServerExtension ETCD = new EtcdServerExtension();

    private static Client client;
    private static EtcdSnapshotFeed feed;
    private static DnsRuntime dns;
    private static TsigKey key;
    private static Process named;
    private static Path dir;
    private static int namedPort;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(NAMED)), NAMED + " is missing: install bind9 to run the secondary test");
        put("/skydns/org/example/dns/ns/ns1", "{\"host\":\"127.0.0.1\",\"ttl\":60}");
        put("/skydns/org/example/www/1a2b3c4d", "{\"host\":\"10.0.0.1\",\"ttl\":60,\"targetstrip\":1}");
        put("/skydns/org/example/wide/1a2b3c4d", "{\"host\":\"10.0.0.9\",\"ttl\":4294967295,\"targetstrip\":1}");
        put("/skydns/org/example/mx/5e6f7a8b", "{\"host\":\"mail.example.com\",\"mail\":true,\"ttl\":3000000000,\"targetstrip\":1}");
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        key = TsigKey.parse("--tsig-key", "xfr-key:hmac-sha256:" + Base64.getEncoder().encodeToString(secret));
        namedPort = freePort();

        SnapshotStore store = new SnapshotStore(Clock.systemUTC());
        TransferConfig transfers = new TransferConfig(List.of(Cidr.parse("--axfr-allow", "127.0.0.0/8")), Optional.of(key),
                List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), namedPort)));
        dns = DnsRuntime.start(new DnsRuntime.Config(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), List.of(ZONE),
                        SkyDnsKeys.defaults(), Upstream.NONE, AddressPolicy.NONE, new DnsServer.Settings(1, 1, 8, 2_000), transfers),
                store, new SimpleMeterRegistry(), Clock.systemUTC(),
                new Notifier.Timing(Duration.ofMillis(200), Duration.ofMillis(200), 5, Duration.ofMillis(500)));
        client = EtcdConnection.of(ETCD.endpoints()).connect();
        feed = new EtcdSnapshotFeed(client, "/skydns/", store, Duration.ofMillis(500));
        feed.start(Duration.ofMillis(200));
        await().atMost(Duration.ofSeconds(10)).until(store::isLoaded);

        dir = Files.createTempDirectory("wayfinder-secondary-");
        Files.writeString(dir.resolve("named.conf"), Files.readString(TEMPLATE)
                .replace("@DIRECTORY@", dir.toString()).replace("@LISTEN_PORT@", Integer.toString(namedPort))
                .replace("@ZONE@", ZONE.substring(0, ZONE.length() - 1)).replace("@PRIMARY@", "127.0.0.1")
                .replace("@PRIMARY_PORT@", Integer.toString(dns.address().getPort()))
                .replace("@KEY_NAME@", "xfr-key").replace("@KEY_ALGORITHM@", "hmac-sha256")
                .replace("@KEY_SECRET@", Base64.getEncoder().encodeToString(secret)));
        named = new ProcessBuilder(NAMED, "-g", "-c", dir.resolve("named.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("named.log").toFile()).start();
        await("named transferring " + ZONE).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .ignoreExceptionsInstanceOf(java.io.IOException.class) // named not listening yet: ICMP port unreachable
                .until(() -> {
            if (!named.isAlive()) {
                throw new IllegalStateException("named exited:\n" + Files.readString(dir.resolve("named.log")));
            }
            return askNamed(ZONE, Type.SOA).getRcode() == Rcode.NOERROR;
        });
    }

    @AfterAll
    static void stop() throws Exception {
        if (named != null) {
            named.destroy();
            if (!named.waitFor(5, TimeUnit.SECONDS)) {
                named.destroyForcibly();
            }
        }
        if (feed != null) {
            feed.close();
        }
        if (dns != null) {
            dns.close();
        }
        if (client != null) {
            client.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void theSecondaryServesTheZoneItTransferred() throws Exception {
        Message www = askNamed("www.example.org.", Type.A);

        assertThat(www.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(www.getSection(Section.ANSWER)).extracting(Record::rdataToString).containsExactly("10.0.0.1");
        assertThat(askNamed(ZONE, Type.NS).getSection(Section.ANSWER)).extracting(Record::rdataToString)
                .containsExactly("ns1.ns.dns.example.org.");
    }

    @Test
    void recordsWithTtlsAbove2To31MinusOneTransferToo() throws Exception {
        Message wide = askNamed("wide.example.org.", Type.A);
        Message mx = askNamed("mx.example.org.", Type.MX);

        // RFC 2181 §8: named takes a TTL with the top bit set as 0, and the zone still loads
        assertThat(wide.getSection(Section.ANSWER)).extracting(r -> r.getTTL() + " " + r.rdataToString()).containsExactly("0 10.0.0.9");
        assertThat(mx.getSection(Section.ANSWER)).extracting(r -> r.getTTL() + " " + r.rdataToString()).containsExactly("0 10 example.com.");
    }

    @Test
    void aRecordWrittenToEtcdReachesTheSecondaryThroughNotify() throws Exception {
        put("/skydns/org/example/api/9f8e7d6c", "{\"host\":\"10.0.0.7\",\"ttl\":60,\"targetstrip\":1}");

        await("api.example.org on the secondary").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> askNamed("api.example.org.", Type.A).getSection(Section.ANSWER).stream()
                        .anyMatch(r -> r.rdataToString().equals("10.0.0.7")));
        long primarySerial = soaSerial(ask(dns.address(), ZONE));
        assertThat(soaSerial(askNamed(ZONE, Type.SOA))).as("secondary serial equals the primary's").isEqualTo(primarySerial);

        client.getKVClient().delete(bytes("/skydns/org/example/api/9f8e7d6c")).get();
        await("api.example.org gone from the secondary").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> askNamed("api.example.org.", Type.A).getRcode() == Rcode.NXDOMAIN);
    }

    @Test
    void transfersNeedTheKeyAndTcp() throws Exception {
        ZoneTransferIn signed = ZoneTransferIn.newAXFR(Name.fromString(ZONE), dns.address(), key.tsig());
        signed.setTimeout(Duration.ofSeconds(5));
        signed.run();
        List<Record> records = signed.getAXFR();
        assertThat(records.get(0)).isInstanceOf(SOARecord.class);
        assertThat(records.get(records.size() - 1)).isEqualTo(records.get(0));
        assertThat(records).extracting(Record::toString).contains("www.example.org.\t60\tIN\tA\t10.0.0.1");

        ZoneTransferIn ixfr = ZoneTransferIn.newIXFR(Name.fromString(ZONE), 1, false, dns.address(), key.tsig());
        ixfr.setTimeout(Duration.ofSeconds(5));
        ixfr.run();
        assertThat(ixfr.isAXFR()).as("IXFR answered with the whole zone (RFC 1995 §4)").isTrue();
        assertThat(ixfr.getAXFR()).hasSameSizeAs(records);

        ZoneTransferIn unsigned = ZoneTransferIn.newAXFR(Name.fromString(ZONE), dns.address(), null);
        unsigned.setTimeout(Duration.ofSeconds(5));
        assertThatThrownBy(unsigned::run).isInstanceOf(ZoneTransferException.class).hasMessageContaining("REFUSED");

        TSIG wrong = TsigKey.parse("--tsig-key", "xfr-key:hmac-sha256:" + Base64.getEncoder().encodeToString(new byte[32])).tsig();
        ZoneTransferIn badSig = ZoneTransferIn.newAXFR(Name.fromString(ZONE), dns.address(), wrong);
        badSig.setTimeout(Duration.ofSeconds(5));
        assertThatThrownBy(badSig::run).isInstanceOf(ZoneTransferException.class).hasMessageContaining("NOTAUTH");

        Message axfr = Message.newQuery(Record.newRecord(Name.fromString(ZONE), Type.AXFR, DClass.IN));
        int bindsRcode = udp(new InetSocketAddress(InetAddress.getLoopbackAddress(), namedPort), axfr).getRcode();
        key.tsig().apply(axfr, null);
        assertThat(udp(dns.address(), axfr).getRcode()).as("AXFR over UDP answered as BIND does").isEqualTo(bindsRcode)
                .isEqualTo(Rcode.FORMERR);
    }

    /** One raw UDP exchange (dnsjava's resolver would turn an AXFR into a TCP transfer). */
    private static Message udp(InetSocketAddress server, Message query) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(2_000);
            byte[] wire = query.toWire();
            socket.send(new java.net.DatagramPacket(wire, wire.length, server));
            java.net.DatagramPacket reply = new java.net.DatagramPacket(new byte[65535], 65535);
            socket.receive(reply);
            return new Message(java.util.Arrays.copyOf(reply.getData(), reply.getLength()));
        }
    }

    private static long soaSerial(Message m) {
        return ((SOARecord) m.getSection(Section.ANSWER).get(0)).getSerial();
    }

    private static Message ask(InetSocketAddress server, String zone) throws IOException {
        SimpleResolver r = new SimpleResolver(server);
        r.setTimeout(Duration.ofSeconds(2));
        return r.send(Message.newQuery(Record.newRecord(Name.fromString(zone), Type.SOA, DClass.IN)));
    }

    private static Message askNamed(String name, int type) throws IOException {
        SimpleResolver r = new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), namedPort));
        r.setTimeout(Duration.ofSeconds(1));
        return r.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
    }

    private static void put(String key, String json) throws Exception {
        ETCD.client().getKVClient().put(bytes(key), bytes(json)).get();
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    /** A port free for both TCP and UDP on 127.0.0.1 at the time of asking. */
    private static int freePort() throws IOException {
        for (int i = 0; i < 20; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = s.getLocalPort();
                try (DatagramSocket d = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
                    return port;
                } catch (IOException e) {
                    // taken for UDP: try another
                }
            }
        }
        throw new IOException("no free TCP+UDP port on 127.0.0.1");
    }
}
