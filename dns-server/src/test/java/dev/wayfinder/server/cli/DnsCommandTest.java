package dev.wayfinder.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wayfinder.provider.etcd.testing.EtcdServerExtension;
import dev.wayfinder.server.answer.Fixtures;
import dev.wayfinder.server.snapshot.SnapshotStore;
import dev.wayfinder.server.snapshot.ZoneSnapshot;
import io.etcd.jetcd.ByteSequence;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import picocli.CommandLine;

/** {@code wayfinder dns} as a user runs it: options, a real etcd, DNS answers, /readyz. */
class DnsCommandTest {

    @RegisterExtension
    static final EtcdServerExtension ETCD = new EtcdServerExtension();

    private static int run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new DnsCommand());
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        lastErr = err.toString();
        return code;
    }

    private static String lastErr = "";

    @Test
    void badOptionsAreRejectedNamingTheOption() {
        assertThat(run("--zone", "skydns.test", "--listen", "nonsense")).isEqualTo(2);
        assertThat(lastErr).contains("--listen").contains("nonsense");
        assertThat(run("--zone", "skydns.test", "--upstream", "1.2.3.4:x")).isEqualTo(2);
        assertThat(lastErr).contains("--upstream");
        assertThat(run("--zone", "skydns.test", "--etcd-endpoints", "ftp://x:1")).isEqualTo(2);
        assertThat(lastErr).contains("ETCD_URLS");
        assertThat(run("--listen", "127.0.0.1:0")).isEqualTo(2);
        assertThat(lastErr).contains("--zone");
        assertThat(run("--zone", "skydns.test", "--min-lease-ttl", "-5s")).isEqualTo(2);
        assertThat(lastErr).contains("--min-lease-ttl").contains("negative");
        assertThat(run("--zone", "skydns.test", "--max-lease-ttl", "1y")).isEqualTo(2);
        assertThat(lastErr).contains("--max-lease-ttl").contains("unknown unit 'y'");
    }

    @Test
    void listenerFlagsOutOfRangeAreRejectedNamingTheFlag() {
        for (List<String> bad : List.of(List.of("--max-udp-size", "511"), List.of("--max-udp-size", "65535"),
                List.of("--tcp-max-connections", "0"), List.of("--tcp-idle-timeout", "0s"), List.of("--tcp-message-timeout", "-1s"),
                List.of("--tcp-max-lifetime", "forever"), List.of("--rrl-responses-per-second", "-1"),
                List.of("--rrl-responses-per-second", "5", "--rrl-slip", "11"), List.of("--rrl-responses-per-second", "5", "--rrl-window", "2h"),
                List.of("--rrl-responses-per-second", "5", "--rrl-ipv4-prefix-length", "33"),
                List.of("--rrl-responses-per-second", "5", "--rrl-ipv6-prefix-length", "129"), List.of("--udp-io", "epoll"))) {
            List<String> args = new java.util.ArrayList<>(List.of("--zone", "skydns.test"));
            args.addAll(bad);
            assertThat(run(args.toArray(String[]::new))).as("%s", bad).isEqualTo(2);
            assertThat(lastErr).as("%s", bad).contains(bad.get(bad.size() - 2));
        }
    }

    @Test
    void listenerFlagsBecomeTheServerSettings() {
        TransportOptions defaults = new TransportOptions();
        new CommandLine(defaults).parseArgs();
        assertThat(defaults.settings()).satisfies(s -> {
            assertThat(s.maxUdpSize()).isEqualTo(1232);
            assertThat(s.udpIo()).isEqualTo(dev.wayfinder.server.transport.DnsServer.UdpIo.AUTO);
            assertThat(s.rrl()).isEmpty();
            assertThat(s.tcp().maxConnections()).isEqualTo(4096);
            assertThat(s.tcp().idleTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(s.tcp().messageTimeout()).isEqualTo(Duration.ofSeconds(2));
        });
        TransportOptions set = new TransportOptions();
        new CommandLine(set).parseArgs("--max-udp-size", "4096", "--tcp-max-connections", "10000", "--tcp-idle-timeout", "30s",
                "--tcp-message-timeout", "500ms", "--tcp-max-lifetime", "0s", "--rrl-responses-per-second", "20", "--rrl-slip", "0",
                "--rrl-window", "5s", "--rrl-ipv4-prefix-length", "32", "--rrl-ipv6-prefix-length", "64", "--udp-io", "jdk");
        assertThat(set.settings()).satisfies(s -> {
            assertThat(s.maxUdpSize()).isEqualTo(4096);
            assertThat(s.udpIo()).isEqualTo(dev.wayfinder.server.transport.DnsServer.UdpIo.JDK);
            assertThat(s.tcp().maxConnections()).isEqualTo(10_000);
            assertThat(s.tcp().idleTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(s.tcp().messageTimeout()).isEqualTo(Duration.ofMillis(500));
            assertThat(s.tcp().maxLifetime()).isZero();
            assertThat(s.rrl()).hasValueSatisfying(r -> {
                assertThat(r.responsesPerSecond()).isEqualTo(20);
                assertThat(r.slip()).isZero();
                assertThat(r.window()).isEqualTo(Duration.ofSeconds(5));
                assertThat(r.ipv4PrefixLength()).isEqualTo(32);
                assertThat(r.ipv6PrefixLength()).isEqualTo(64);
            });
        });
    }

    @Test
    void servesEtcdOverDnsAndReportsReadiness() throws Exception {
        ETCD.client().getKVClient().put(ByteSequence.from("/skydns/test/skydns/cmd/a", StandardCharsets.UTF_8),
                ByteSequence.from("{\"host\":\"10.42.0.1\",\"ttl\":60}", StandardCharsets.UTF_8)).get();
        DnsCommand command = new DnsCommand();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(new StringWriter()));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute("--listen", "127.0.0.1:0",
                "--zone", "skydns.test", "--etcd-endpoints", ETCD.clientUrl(), "--etcd-prefix", "/skydns",
                "--upstream", "none", "--ops-listen", "127.0.0.1:0"));
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> command.started.getCount() == 0 || exit.isDone());
            assertThat(exit).isNotDone();
            SimpleResolver resolver = new SimpleResolver(command.boundAddress);
            resolver.setTimeout(Duration.ofSeconds(2));
            await().atMost(Duration.ofSeconds(10)).until(() -> resolver.send(Fixtures.query("cmd.skydns.test", Type.A)).getRcode() == Rcode.NOERROR);

            Message reply = resolver.send(Fixtures.query("cmd.skydns.test", Type.A));
            assertThat(Fixtures.lines(reply, Section.ANSWER)).containsExactly("cmd.skydns.test. 60 A 10.42.0.1");
            HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + command.opsAddress.getPort() + "/readyz")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).contains("following etcd");
        } finally {
            command.stop();
        }
        assertThat(exit.get()).isZero();
    }

    @Test
    void readinessReportsStalenessAndFailsOnlyPastTheLimit() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        MutableClock clock = new MutableClock(t0);
        SnapshotStore store = new SnapshotStore(clock);
        assertThat(DnsCommand.readiness(store, Duration.ZERO).healthy()).isFalse();

        store.publish(ZoneSnapshot.empty());
        assertThat(DnsCommand.readiness(store, Duration.ofSeconds(30)).detail()).contains("following etcd");
        store.markOutOfSync();
        clock.now = t0.plusSeconds(20);
        assertThat(DnsCommand.readiness(store, Duration.ofSeconds(30))).satisfies(r -> {
            assertThat(r.healthy()).isTrue();
            assertThat(r.detail()).contains("20s stale");
        });
        clock.now = t0.plusSeconds(40);
        assertThat(DnsCommand.readiness(store, Duration.ofSeconds(30)).healthy()).isFalse();
        assertThat(DnsCommand.readiness(store, Duration.ZERO).healthy()).as("0 means never fail").isTrue();
    }

    @Test
    void durationsAndAddressesParseWithTheirUnits() {
        assertThat(DurationOptions.duration("--x", "250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(DurationOptions.duration("--x", "5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(HostPort.parse("--x", "[::1]:53").getPort()).isEqualTo(53);
        assertThat(HostPort.parse("--x", ":5353").getPort()).isEqualTo(5353);
        assertThat(List.of("5", "abc", "")).allSatisfy(v ->
                assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> DurationOptions.duration("--max-staleness", v)))
                        .hasMessageContaining("--max-staleness"));
    }

    static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
