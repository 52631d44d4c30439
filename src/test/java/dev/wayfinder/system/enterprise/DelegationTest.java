package dev.wayfinder.system.enterprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wayfinder.demo.net.Ports;
import dev.wayfinder.provider.etcd.testing.EtcdServerExtension;
import io.etcd.jetcd.ByteSequence;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Issue 6 (d), delegation: BIND is authoritative for {@code foowidgets.k8s} and delegates
 * {@code gb.foowidgets.k8s} to two {@code wayfinder dns} instances (one per cluster in production);
 * a resolving BIND follows the delegation, and keeps answering with one instance down. Both BINDs run
 * the files in {@code deploy/examples/bind/delegation/} as shipped. Resolvers follow delegations to
 * port 53 only, so the name servers listen on 127.0.0.1-3:53 (needs root; skipped otherwise).
 */
class DelegationTest {

    private static final Logger LOG = LoggerFactory.getLogger(DelegationTest.class);

    static final String PARENT = "foowidgets.k8s";
    static final String CHILD = "gb." + PARENT;
    // named listens only on addresses configured on an interface: 127.0.0.1 is, 127.0.0.2-3 are not (Java binds them anyway).
    static final String PARENT_NS = "127.0.0.1";
    static final String BUF = "127.0.0.2";
    static final String NYC = "127.0.0.3";

    @RegisterExtension
    static final EtcdServerExtension ETCD = new EtcdServerExtension();

    static WayfinderDns buf;
    static WayfinderDns nyc;
    static BindServer parent;
    static BindServer resolver;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(BindServer.NAMED), BindServer.NAMED + " is missing: install bind9 to run this test");
        for (String address : List.of(PARENT_NS, BUF, NYC)) {
            Assumptions.assumeTrue(port53Free(address), "cannot bind " + address + ":53 (UDP and TCP): the delegation test needs root"
                    + " and a free port 53 on 127.0.0.1-3, since resolvers follow delegations to port 53 only");
        }
        put("/skydns/k8s/foowidgets/gb/fe", "{\"host\":\"10.10.0.1\",\"ttl\":30}");
        buf = WayfinderDns.start(ETCD.client(), new InetSocketAddress(BUF, 53), List.of(CHILD));
        nyc = WayfinderDns.start(ETCD.client(), new InetSocketAddress(NYC, 53), List.of(CHILD));

        Path parentDir = BindServer.tempDir("wayfinder-parent-");
        Files.writeString(parentDir.resolve(PARENT + ".db"), BindServer.fill("delegation/foowidgets.k8s.db",
                Map.of("PARENT_NS", PARENT_NS, "BUF", BUF, "NYC", NYC)));
        parent = BindServer.start(parentDir, BindServer.fill("delegation/named-parent.conf", Map.of("DIRECTORY", parentDir.toString(),
                "LISTEN", PARENT_NS, "LISTEN_PORT", "53", "ZONE", PARENT)), new InetSocketAddress(PARENT_NS, 53), PARENT);

        Path resolverDir = BindServer.tempDir("wayfinder-resolver-");
        int port = Ports.freeUdpAndTcp();
        resolver = BindServer.start(resolverDir, BindServer.fill("delegation/named-resolver.conf", Map.of("DIRECTORY", resolverDir.toString(),
                "LISTEN", "127.0.0.1", "LISTEN_PORT", Integer.toString(port), "CLIENTS", "127.0.0.1;", "ZONE", PARENT,
                "PARENT_SERVERS", PARENT_NS + ";", "MAX_CACHE_TTL", "1", "MAX_NCACHE_TTL", "1")),
                new InetSocketAddress("127.0.0.1", port), PARENT);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {resolver, parent, buf, nyc}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // closing the others matters more than this failure
                    LOG.warn("closing {} failed", c, e);
                }
            }
        }
    }

    @Test
    void theResolverFollowsTheDelegationToWayfinderAndSurvivesTheLossOfOneInstance() throws Exception {
        // The parent itself hands out the referral to both clusters' name servers.
        Message referral = parent.query("fe." + CHILD, Type.A, Duration.ofSeconds(2));
        assertThat(referral.getSection(Section.AUTHORITY)).extracting(Record::rdataToString)
                .containsExactlyInAnyOrder("gslb-ns-us-buf-gb.foowidgets.k8s.", "gslb-ns-us-nyc-gb.foowidgets.k8s.");
        // The name servers' names are parent-zone data (siblings of gb, not below the cut): the parent answers them itself.
        assertThat(parent.query("gslb-ns-us-buf-gb." + PARENT, Type.A, Duration.ofSeconds(2)).getSection(Section.ANSWER))
                .extracting(Record::rdataToString).containsExactly(BUF);
        assertThat(parent.query("gslb-ns-us-nyc-gb." + PARENT, Type.A, Duration.ofSeconds(2)).getSection(Section.ANSWER))
                .extracting(Record::rdataToString).containsExactly(NYC);

        assertResolves("fe." + CHILD, "10.10.0.1");

        buf.close();
        buf = null;
        // A record written after the loss can only come from the instance still up (nothing cached).
        put("/skydns/k8s/foowidgets/gb/api", "{\"host\":\"10.10.0.2\",\"ttl\":30}");
        assertResolves("api." + CHILD, "10.10.0.2");
        assertResolves("fe." + CHILD, "10.10.0.1");
    }

    static void assertResolves(String name, String address) {
        await("the resolver answering " + name).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    Message answer = resolver.query(name, Type.A, Duration.ofSeconds(5));
                    assertThat(answer.getRcode()).as("rcode of " + name + "\n" + resolver.log()).isEqualTo(Rcode.NOERROR);
                    assertThat(answer.getSection(Section.ANSWER)).extracting(Record::rdataToString).containsExactly(address);
                });
    }

    static boolean port53Free(String address) {
        try (ServerSocket tcp = new ServerSocket(53, 1, java.net.InetAddress.getByName(address));
             DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address, 53))) {
            return tcp.isBound() && udp.isBound();
        } catch (IOException e) {
            return false;
        }
    }

    static void put(String key, String value) throws Exception {
        ETCD.client().getKVClient().put(ByteSequence.from(key, StandardCharsets.UTF_8), ByteSequence.from(value, StandardCharsets.UTF_8))
                .get(5, TimeUnit.SECONDS);
    }
}
