package dev.wayfinder.provider.rfc2136.testing;

import static org.awaitility.Awaitility.await;

import dev.wayfinder.provider.rfc2136.Rfc2136Config;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;
import org.xbill.DNS.ZoneTransferIn;

/**
 * A real BIND 9 {@code named}, as a JUnit extension: one process per test class, on a free port of
 * 127.0.0.1 (UDP and TCP), configured from the templates in {@code deploy/examples/bind} (on the
 * test classpath under {@code bind/}) with its own TSIG key and primary zones in a temp directory.
 *
 * <pre>
 * {@literal @}RegisterExtension
 * static final NamedProcess NAMED = NamedProcess.builder().zones("example.org").build();
 * </pre>
 *
 * With {@link Builder#wipeBeforeEach()} every zone is emptied (all but its SOA and apex NS) before
 * each test, ahead of every {@code @BeforeEach} method.
 */
public final class NamedProcess implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    public static final String NAMED = "/usr/sbin/named";
    public static final String ADDRESS = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final List<String> zones;
    private final String algorithm;
    private final String keyName;
    private final String secret;
    private final boolean wipeBeforeEach;
    private final Path keytab;
    private final String principal;
    private Process process;
    private Path dir;
    private int port;

    private NamedProcess(Builder b) {
        this.zones = List.copyOf(b.zones);
        this.algorithm = b.algorithm;
        this.keyName = b.keyName;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.secret = b.secret != null ? b.secret : Base64.getEncoder().encodeToString(key);
        this.wipeBeforeEach = b.wipe;
        this.keytab = b.keytab;
        this.principal = b.principal;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (wipeBeforeEach) {
            wipe();
        }
    }

    public int port() {
        return port;
    }

    public String keyName() {
        return keyName;
    }

    public String secret() {
        return secret;
    }

    public String algorithm() {
        return algorithm;
    }

    public List<String> zones() {
        return zones;
    }

    /** A config for this server and key, with short timeouts and pauses for tests. */
    public Rfc2136Config.Builder config() {
        return Rfc2136Config.builder().host(ADDRESS).port(port).zones(zones)
                .tsigKeyname(keyName).tsigSecret(secret).tsigSecretAlg(algorithm)
                .timeout(Duration.ofSeconds(3)).attempts(2).retryBackoff(Duration.ofMillis(50));
    }

    public TSIG tsig() {
        return new TSIG(TSIG.algorithmToName(algorithm), keyName, secret);
    }

    /** Starts named and waits until it answers a SOA query for every zone. */
    public void start() throws IOException {
        if (!Files.isExecutable(Path.of(NAMED))) {
            throw new IllegalStateException(NAMED + " is missing: install BIND 9 (apt-get install bind9) to run these tests");
        }
        dir = Files.createTempDirectory("wayfinder-named-");
        port = freePort();
        writeConfig();
        process = new ProcessBuilder(NAMED, "-g", "-c", dir.resolve("named.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("named.log").toFile()).start();
        try {
            await("named answering SOA on port " + port).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("named exited with " + process.exitValue() + ":\n" + log());
                        }
                        return zones.stream().allMatch(this::answersSoa);
                    });
        } catch (RuntimeException e) {
            String log = log();
            stop();
            throw new IllegalStateException("named did not start: " + e.getMessage() + "\n" + log, e);
        }
    }

    /** Stops named (SIGTERM, then SIGKILL) and removes its directory. */
    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            dir = null;
        }
    }

    /** named's own log so far (for failure messages). */
    public String log() {
        try {
            return dir == null ? "" : Files.readString(dir.resolve("named.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Empties every zone but for its SOA and apex NS, through signed UPDATE messages. */
    public void wipe() throws Exception {
        for (String zone : zones) {
            Name origin = Name.fromString(zone + ".");
            ZoneTransferIn xfr = ZoneTransferIn.newAXFR(origin, new InetSocketAddress(ADDRESS, port), tsig());
            xfr.run();
            Update update = new Update(origin);
            List<String> seen = new ArrayList<>();
            for (Record r : xfr.getAXFR()) {
                boolean zoneRecord = r.getName().equals(origin) && (r.getType() == Type.SOA || r.getType() == Type.NS);
                String key = r.getName() + "/" + r.getType();
                if (!zoneRecord && !seen.contains(key)) {
                    seen.add(key);
                    update.delete(r.getName(), r.getType());
                }
            }
            if (!seen.isEmpty()) {
                Message response = resolver().send(update);
                if (response.getRcode() != Rcode.NOERROR) {
                    throw new IllegalStateException("wiping " + zone + " failed: " + Rcode.string(response.getRcode()));
                }
            }
        }
    }

    /** A signed TCP resolver for this server. */
    public SimpleResolver resolver() {
        SimpleResolver r = new SimpleResolver(new InetSocketAddress(ADDRESS, port));
        r.setTCP(true);
        r.setTSIGKey(tsig());
        r.setTimeout(Duration.ofSeconds(3));
        return r;
    }

    private boolean answersSoa(String zone) {
        try {
            SimpleResolver r = new SimpleResolver(new InetSocketAddress(ADDRESS, port));
            r.setTimeout(Duration.ofMillis(200));
            Message q = Message.newQuery(Record.newRecord(Name.fromString(zone + "."), Type.SOA, DClass.IN));
            Message a = r.send(q);
            return a.getRcode() == Rcode.NOERROR && a.getSection(1).stream().anyMatch(x -> x.getType() == Type.SOA);
        } catch (IOException e) {
            return false;
        }
    }

    private void writeConfig() throws IOException {
        Map<String, String> common = Map.of("{{directory}}", dir.toString(), "{{port}}", Integer.toString(port),
                "{{address}}", ADDRESS, "{{key_name}}", keyName, "{{algorithm}}", algorithm, "{{secret}}", secret,
                "{{keytab}}", String.valueOf(keytab), "{{principal}}", String.valueOf(principal));
        boolean gss = keytab != null;
        Files.writeString(dir.resolve("named.conf"), fill(template(gss ? "named-gss.conf" : "named.conf"), common));
        Files.writeString(dir.resolve("wayfinder-key.conf"), fill(template("wayfinder-key.conf"), common));
        StringBuilder zonesConf = new StringBuilder();
        for (String zone : zones) {
            String file = zone + ".db";
            Files.writeString(dir.resolve(file), template("zone.db"));
            zonesConf.append(fill(fill(template(gss ? "wayfinder-zone-gss.conf" : "wayfinder-zone.conf"), common), Map.of("{{zone}}", zone, "{{zone_file}}", file)));
        }
        Files.writeString(dir.resolve("zones.conf"), zonesConf);
    }

    /** A template from deploy/examples/bind, copied onto the test classpath by the build. */
    public static String template(String file) throws IOException {
        try (InputStream in = NamedProcess.class.getResourceAsStream("/bind/" + file)) {
            if (in == null) {
                throw new IOException("bind/" + file + " is not on the classpath (it comes from deploy/examples/bind)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String fill(String text, Map<String, String> values) {
        String out = text;
        for (Map.Entry<String, String> v : values.entrySet()) {
            out = out.replace(v.getKey(), v.getValue());
        }
        return out;
    }

    private static int freePort() throws IOException {
        for (int i = 0; i < 50; i++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getByName(ADDRESS))) {
                int p = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(ADDRESS, p))) {
                    return udp.getLocalPort();
                } catch (IOException busy) {
                    // the UDP side is taken; try another port
                }
            }
        }
        throw new IOException("no port of " + ADDRESS + " is free for both TCP and UDP");
    }

    public static final class Builder {
        private List<String> zones = List.of("example.org");
        private String algorithm = "hmac-sha256";
        private String keyName = "wayfinder-key";
        private String secret;
        private boolean wipe;
        private Path keytab;
        private String principal;

        public Builder zones(String... z) {
            zones = List.of(z);
            return this;
        }

        public Builder algorithm(String a) {
            algorithm = a;
            return this;
        }

        public Builder keyName(String k) {
            keyName = k;
            return this;
        }

        /** A fixed TSIG secret (base64), such as the one an upstream manifest carries; random otherwise. */
        public Builder secret(String base64) {
            secret = base64;
            return this;
        }

        /** Also accept GSS-TSIG: BIND's keytab (holding DNS/localhost) and the Kerberos principal allowed to update. */
        public Builder gssTsig(Path serviceKeytab, String updater) {
            keytab = serviceKeytab;
            principal = updater;
            return this;
        }

        public Builder wipeBeforeEach() {
            wipe = true;
            return this;
        }

        public NamedProcess build() {
            return new NamedProcess(this);
        }
    }
}
