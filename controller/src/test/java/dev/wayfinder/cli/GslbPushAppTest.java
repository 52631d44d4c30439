package dev.wayfinder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.config.ControllerConfig;
import dev.wayfinder.config.InvalidConfigException;
import dev.wayfinder.config.RawSettings;
import dev.wayfinder.gslb.settings.RawGslb;
import dev.wayfinder.server.xfr.TsigKey;
import dev.wayfinder.testing.CrudMockApi;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The GSLB push through the composition root: with a key, a pass that publishes {@code localtargets-fe} sends the peer a
 * NOTIFY signed with that key, and the listener answers a peer's signed NOTIFY; the key's checks name the flag.
 */
@CrudMockApi
class GslbPushAppTest {

    static final String KEY = "gslb-notify:hmac-sha256:c2hhcmVkLXNlY3JldC1vZi10aGUtZmVkZXJhdGlvbg==";

    static KubernetesClient client;

    static RawSettings settings(RawGslb gslb) {
        return new RawSettings(List.of("gslb"), "inmemory", List.of("gb.foowidgets.k8s"), List.of(), "us-buf", "sync", "1m", false, false, "",
                "", "", "", "/skydns/", 300, "", 0.5, false, false, "default", "wayfinder", "127.0.0.1:0", Map.of(), null, gslb);
    }

    static RawGslb gslb() {
        return new RawGslb("us-buf", List.of("us-nyc=127.0.0.1:9"), List.of(), List.of(), "", List.of(), "30s", "200ms", "30s", 30);
    }

    static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            return s.getLocalPort();
        }
    }

    @Test
    void aPublishedLocalTargetsRecordIsNotifiedToThePeerAndAPeersNotifyIsAnswered() throws Exception {
        GslbFixture.publishHealthyGslb(client, "{type: roundRobin}");
        TsigKey key = TsigKey.parse("key", KEY);
        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            peer.setSoTimeout(15_000);
            int listen = freeUdpPort();
            ControllerConfig config = ControllerConfig.from(settings(gslb().withPush("127.0.0.1:" + listen,
                    List.of("us-nyc=127.0.0.1:" + peer.getLocalPort()), KEY)));

            try (ControllerApp app = ControllerApp.start(config, client, new SimpleMeterRegistry(), new PrintWriter(new StringWriter()))) {
                byte[] buf = new byte[4096];
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                peer.receive(p);
                byte[] wire = Arrays.copyOf(buf, p.getLength());
                Message notify = new Message(wire);

                assertThat(notify.getHeader().getOpcode()).isEqualTo(Opcode.NOTIFY);
                assertThat(notify.getQuestion().getName()).isEqualTo(Name.fromString("localtargets-fe.gb.foowidgets.k8s."));
                assertThat(key.tsig().verify(notify, wire, null)).as("signed with the key").isEqualTo(Rcode.NOERROR);
                EDNSOption sender = notify.getOPT().getOptions(65_001).get(0);
                assertThat(new String(sender.toWire(), 4, sender.toWire().length - 4, StandardCharsets.US_ASCII)).isEqualTo("us-buf");

                assertThat(app.notifyAddress()).contains(new InetSocketAddress("127.0.0.1", listen));
                SimpleResolver toBuf = new SimpleResolver(app.notifyAddress().get());
                toBuf.setTSIGKey(key.tsig());
                assertThat(toBuf.send(notifyFrom("us-nyc")).getRcode()).isEqualTo(Rcode.NOERROR);
            }
        }
    }

    /** A NOTIFY as another controller sends it: the question, the sender's geo tag in its EDNS option. */
    static Message notifyFrom(String tag) throws Exception {
        Message m = Message.newQuery(Record.newRecord(Name.fromString("localtargets-fe.gb.foowidgets.k8s."), Type.A, DClass.IN));
        m.getHeader().setOpcode(Opcode.NOTIFY);
        m.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(new GenericEDNSOption(65_001, tag.getBytes(StandardCharsets.US_ASCII)))),
                Section.ADDITIONAL);
        return m;
    }

    @Test
    void theKeyIsCheckedAsWayfinderDnsChecksItsKeyAndOnlyWithTheGslbSource() {
        assertThat(violations(settings(gslb().withPush("", List.of(), "gslb-notify:hmac-sha256:not base64"))))
                .containsExactly("--gslb-notify-tsig-key: the secret of key 'gslb-notify' is not base64");
        assertThat(violations(settings(gslb().withPush("", List.of(), "gslb-notify:hmac-nope:c2VjcmV0"))))
                .singleElement().asString().startsWith("--gslb-notify-tsig-key: unknown TSIG algorithm 'hmac-nope'");
        RawSettings serviceOnly = new RawSettings(List.of("service"), "inmemory", List.of("gb.foowidgets.k8s"), List.of(), "us-buf", "sync",
                "1m", false, false, "", "", "", "", "/skydns/", 300, "", 0.5, false, false, "default", "wayfinder", "", Map.of(), null,
                gslb().withPush("", List.of(), KEY));
        assertThat(violations(serviceOnly)).containsExactly("--gslb-notify-tsig-key: only with --source=gslb");
    }

    @Test
    void theConfigurationNeverShowsTheSecret() throws Exception {
        ControllerConfig config = ControllerConfig.from(settings(gslb().withPush("127.0.0.1:8053", List.of(), KEY)));

        assertThat(config.gslbNotifyKey()).isPresent();
        assertThat(config.toString()).doesNotContain("c2hhcmVk").contains("gslb-notify");
    }

    static List<String> violations(RawSettings raw) {
        try {
            ControllerConfig.from(raw);
            return List.of();
        } catch (InvalidConfigException e) {
            return e.violations();
        }
    }
}
