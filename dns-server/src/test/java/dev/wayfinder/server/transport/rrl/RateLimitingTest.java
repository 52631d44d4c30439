package dev.wayfinder.server.transport.rrl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.model.skydns.SkyDnsKeys;
import dev.wayfinder.server.answer.AddressPolicy;
import dev.wayfinder.server.answer.Fixtures;
import dev.wayfinder.server.answer.Upstream;
import dev.wayfinder.server.cli.DnsRuntime;
import dev.wayfinder.server.faults.TcpDns;
import dev.wayfinder.server.snapshot.SnapshotStore;
import dev.wayfinder.server.transport.DnsServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** Response rate limiting end to end over UDP: a flood is cut to the rate, slipped replies are truncated, real clients get through over TCP. */
class RateLimitingTest {

    private static final String NAME = "a.server1.prod.region1.skydns.test";

    private static DnsRuntime start(SimpleMeterRegistry registry, int slip) throws Exception {
        SnapshotStore store = new SnapshotStore(Fixtures.CLOCK);
        store.publish(Fixtures.snapshot(Fixtures.data()));
        DnsServer.Settings settings = new DnsServer.Settings(1, 1, 16, 5_000)
                .withRrl(Optional.of(new RrlSettings(10, slip, Duration.ofSeconds(15), 24, 56, 1024)));
        return DnsRuntime.start(new DnsRuntime.Config(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Fixtures.ZONES,
                SkyDnsKeys.defaults(), Upstream.NONE, AddressPolicy.NONE, settings), store, registry, Fixtures.CLOCK);
    }

    @Test
    void aFloodIsCutToTheRateAndEverySecondExcessReplySlipsTruncated() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (DnsRuntime dns = start(registry, 2); DatagramSocket udp = new DatagramSocket()) {
            udp.setSoTimeout(500);
            byte[] query = TcpDns.query(NAME, Type.A, 1);
            for (int i = 0; i < 200; i++) {
                udp.send(new DatagramPacket(query, query.length, dns.address()));
            }
            int full = 0;
            int truncated = 0;
            DatagramPacket in = new DatagramPacket(new byte[2048], 2048);
            try {
                while (true) {
                    udp.receive(in);
                    Message m = new Message(Arrays.copyOf(in.getData(), in.getLength()));
                    if (m.getHeader().getFlag(Flags.TC)) {
                        assertThat(m.getSection(Section.ANSWER)).isEmpty();
                        assertThat(m.getQuestion().getName().toString()).isEqualTo(NAME + ".");
                        truncated++;
                    } else {
                        full++;
                    }
                }
            } catch (SocketTimeoutException e) {
                // all replies read
            }
            double dropped = registry.counter("wayfinder.dns.rrl.responses", "action", "dropped").count();
            double slipped = registry.counter("wayfinder.dns.rrl.responses", "action", "slipped").count();

            assertThat(full).as("one second's burst, and what the rate earned meanwhile").isBetween(10, 20);
            assertThat(truncated).isEqualTo((int) slipped);
            assertThat(dropped + slipped).isEqualTo(200 - full);
            assertThat(slipped).isCloseTo(dropped, org.assertj.core.data.Offset.offset(1.0));
        }
    }

    @Test
    void aRealClientLimitedOverUdpRetriesOverTcpAndGetsItsAnswer() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (DnsRuntime dns = start(registry, 1); DatagramSocket flood = new DatagramSocket()) {
            byte[] query = TcpDns.query(NAME, Type.A, 1);
            for (int i = 0; i < 30; i++) { // this network is now well over its 10/s
                flood.send(new DatagramPacket(query, query.length, dns.address()));
            }
            SimpleResolver client = new SimpleResolver(dns.address()); // follows TC to TCP, as resolvers do
            client.setTimeout(Duration.ofSeconds(2));

            Message reply = client.send(Message.newQuery(org.xbill.DNS.Record.newRecord(org.xbill.DNS.Name.fromString(NAME + "."), Type.A, 1)));

            assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(reply.getSection(Section.ANSWER)).hasSize(1);
            assertThat(registry.find("wayfinder.dns.queries").tag("transport", "tcp").counter().count())
                    .as("the truncated reply sent it to TCP").isEqualTo(1.0);
            assertThat(registry.counter("wayfinder.dns.rrl.responses", "action", "slipped").count()).isGreaterThan(10.0);
        }
    }
}
