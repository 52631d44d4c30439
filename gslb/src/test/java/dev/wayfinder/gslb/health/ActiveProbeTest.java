package dev.wayfinder.gslb.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.wayfinder.gslb.api.ProbeSpec;
import dev.wayfinder.gslb.api.ProbeSpec.Scheme;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe against real listeners: a JDK HTTP(S) server whose answer the test flips, a TCP listener, a closed port. */
class ActiveProbeTest {

    static final String LOCAL = "127.0.0.1";
    static final List<String> TARGETS = List.of(LOCAL);
    static final Duration AT_MOST = Duration.ofSeconds(5);

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final AtomicInteger changes = new AtomicInteger();
    final AtomicInteger status = new AtomicInteger(200);
    final AtomicInteger hits = new AtomicInteger();
    ActiveProbe probe;
    HttpServer server;

    @BeforeEach
    void setUp() throws IOException {
        probe = new ActiveProbe(meters, changes::incrementAndGet);
        server = serve(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    }

    @AfterEach
    void tearDown() {
        probe.close();
        server.stop(0);
    }

    <S extends HttpServer> S serve(S s) {
        s.createContext("/healthz", exchange -> {
            hits.incrementAndGet();
            exchange.getResponseHeaders().add("Location", "/elsewhere");
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        s.start();
        return s;
    }

    static ProbeSpec spec(Scheme scheme, int port, int failureThreshold) {
        return new ProbeSpec(scheme, port, scheme == Scheme.TCP ? "" : "/healthz", Duration.ofMillis(50), Duration.ofSeconds(2),
                failureThreshold);
    }

    @Test
    void httpVerdictFollowsTheServerAndEachFlipIsReported() {
        ProbeSpec p = spec(Scheme.HTTP, server.getAddress().getPort(), 2);
        assertThat(probe.passing(p, TARGETS)).as("not probed yet").containsExactly(LOCAL);
        await().atMost(AT_MOST).until(() -> hits.get() >= 2);
        assertThat(changes).hasValue(0);
        assertThat(up(p)).isEqualTo(1);

        status.set(500);
        await().atMost(AT_MOST).until(() -> probe.passing(p, TARGETS).isEmpty() && changes.get() == 1);
        assertThat(up(p)).isZero();
        assertThat(failures(p)).isGreaterThanOrEqualTo(2);

        status.set(200);
        await().atMost(AT_MOST).until(() -> probe.passing(p, TARGETS).equals(TARGETS) && changes.get() == 2);
        assertThat(up(p)).isEqualTo(1);
    }

    @Test
    void aTargetFailsOnlyAfterTheThresholdOfConsecutiveFailures() {
        ProbeSpec p = spec(Scheme.HTTP, server.getAddress().getPort(), 3);
        AtomicInteger failuresAtFlip = new AtomicInteger(-1);
        probe.close();
        probe = new ActiveProbe(meters, () -> failuresAtFlip.set((int) failures(p)));
        status.set(503);

        probe.passing(p, TARGETS);
        await().atMost(AT_MOST).until(() -> probe.passing(p, TARGETS).isEmpty() && failuresAtFlip.get() >= 0);
        assertThat(failuresAtFlip).hasValue(3);
    }

    @Test
    void failuresThatAreNotConsecutiveNeverFailTheTarget() {
        server.removeContext("/healthz");
        server.createContext("/healthz", exchange -> {
            exchange.sendResponseHeaders(hits.incrementAndGet() % 2 == 0 ? 500 : 200, -1);
            exchange.close();
        });
        ProbeSpec p = spec(Scheme.HTTP, server.getAddress().getPort(), 2);

        await().atMost(AT_MOST).until(() -> !probe.passing(p, TARGETS).isEmpty() && hits.get() >= 6);
        assertThat(changes).hasValue(0);
        assertThat(failures(p)).isGreaterThanOrEqualTo(2);
    }

    @Test
    void redirectsPass() {
        status.set(302);
        ProbeSpec p = spec(Scheme.HTTP, server.getAddress().getPort(), 1);
        await().atMost(AT_MOST).until(() -> !probe.passing(p, TARGETS).isEmpty() && hits.get() >= 3);
        assertThat(changes).hasValue(0);
        assertThat(failures(p)).isZero();
    }

    @Test
    void tcpVerdictFollowsTheListener() throws IOException {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        int port = listener.getLocalPort();
        ProbeSpec p = spec(Scheme.TCP, port, 1);
        try {
            assertThat(probe.passing(p, TARGETS)).containsExactly(LOCAL);
            listener.close();
            await().atMost(AT_MOST).until(() -> probe.passing(p, TARGETS).isEmpty() && changes.get() == 1);

            listener = new ServerSocket();
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            await().atMost(AT_MOST).until(() -> probe.passing(p, TARGETS).equals(TARGETS) && changes.get() == 2);
        } finally {
            listener.close();
        }
    }

    @Test
    void aClosedPortFailsBothKindsOfProbe() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        ProbeSpec tcp = spec(Scheme.TCP, closed, 1);
        ProbeSpec http = spec(Scheme.HTTP, closed, 1);

        await().atMost(AT_MOST).until(() -> probe.passing(tcp, TARGETS).isEmpty() & probe.passing(http, TARGETS).isEmpty()
                && changes.get() == 2);
        assertThat(failures(tcp)).isPositive();
        assertThat(failures(http)).isPositive();
    }

    @Test
    void httpsDoesNotVerifyTheCertificate(@TempDir Path dir) throws Exception {
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(selfSigned(dir)));
        serve(https);
        try {
            ProbeSpec p = spec(Scheme.HTTPS, https.getAddress().getPort(), 1);
            await().atMost(AT_MOST).until(() -> !probe.passing(p, TARGETS).isEmpty() && hits.get() >= 2);
            assertThat(failures(p)).isZero();

            status.set(500);
            await().atMost(AT_MOST).until(() -> probe.passing(p, TARGETS).isEmpty());
        } finally {
            https.stop(0);
        }
    }

    @Test
    void pairsNoLongerAskedAboutForThreeIntervalsStopBeingProbedAndLoseTheirMetrics() {
        ProbeSpec p = spec(Scheme.HTTP, server.getAddress().getPort(), 2);
        probe.close();
        probe = new ActiveProbe(meters, changes::incrementAndGet, Duration.ZERO);
        probe.passing(p, TARGETS);

        await().atMost(AT_MOST).until(() -> meters.find(ActiveProbe.UP).gauges().isEmpty());
        assertThat(meters.find(ActiveProbe.FAILURES).counters()).isEmpty();
        int seen = hits.get();
        await().during(Duration.ofMillis(300)).atMost(AT_MOST).until(() -> hits.get() == seen);
    }

    @Test
    void closeStopsProbing() {
        ProbeSpec p = spec(Scheme.HTTP, server.getAddress().getPort(), 2);
        await().atMost(AT_MOST).until(() -> !probe.passing(p, TARGETS).isEmpty() && hits.get() >= 2);

        probe.close();

        int seen = hits.get();
        await().during(Duration.ofMillis(300)).atMost(AT_MOST).until(() -> hits.get() == seen);
        assertThat(probe.passing(p, TARGETS)).as("a closed probe passes everything").containsExactly(LOCAL);
        assertThat(meters.find(ActiveProbe.UP).gauges()).isEmpty();
    }

    private double up(ProbeSpec p) {
        return meters.get(ActiveProbe.UP).tags("probe", p.toString(), "target", LOCAL).gauge().value();
    }

    private double failures(ProbeSpec p) {
        return meters.get(ActiveProbe.FAILURES).tags("probe", p.toString(), "target", LOCAL).counter().count();
    }

    /** A throwaway self-signed certificate made by the JDK's keytool. */
    private static SSLContext selfSigned(Path dir) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Assumptions.assumeTrue(Files.isExecutable(keytool), "the JDK's keytool is needed to make a test certificate: " + keytool);
        Path store = dir.resolve("probe.p12");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "probe", "-keyalg", "EC", "-dname", "CN=probe.test",
                "-validity", "1", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes());
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }
}
