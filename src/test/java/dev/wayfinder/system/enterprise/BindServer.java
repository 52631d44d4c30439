package dev.wayfinder.system.enterprise;

import static org.awaitility.Awaitility.await;

import dev.wayfinder.system.support.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * One real BIND 9 {@code named} run from a shipped config under {@code deploy/examples/bind/} with its
 * {@code @PLACEHOLDER@}s filled: the test runs exactly the text an operator copies.
 */
public final class BindServer implements AutoCloseable {

    static final Path NAMED = Path.of("/usr/sbin/named");
    /** Surefire runs in the module directory; the examples live at the repository root. */
    static final Path EXAMPLES = Repository.resolve("deploy", "examples", "bind");

    private final Path dir;
    private final Process process;
    private final InetSocketAddress address;

    private BindServer(Path dir, Process process, InetSocketAddress address) {
        this.dir = dir;
        this.process = process;
        this.address = address;
    }

    /** {@code template} (relative to deploy/examples/bind) filled with {@code values}; every placeholder must be given. */
    static String fill(String template, Map<String, String> values) throws IOException {
        String text = Files.readString(EXAMPLES.resolve(template));
        for (Map.Entry<String, String> v : values.entrySet()) {
            text = text.replace("@" + v.getKey() + "@", v.getValue());
        }
        // Only the comment block may still name placeholders (it documents them).
        String body = text.lines().filter(l -> !l.stripLeading().startsWith("//") && !l.stripLeading().startsWith(";"))
                .reduce("", (a, b) -> a + b + "\n");
        if (body.matches("(?s).*@[A-Z_]+@.*")) {
            throw new IllegalArgumentException(template + " still has placeholders after filling: " + body);
        }
        return text;
    }

    /**
     * Starts named with {@code conf} (its {@code @DIRECTORY@} already pointing at {@code dir}) and waits
     * until it answers {@code probe} at all (any rcode: it is listening).
     */
    public static BindServer start(Path dir, String conf, InetSocketAddress address, String probe) throws IOException {
        Files.writeString(dir.resolve("named.conf"), conf);
        Process process = new ProcessBuilder(NAMED.toString(), "-g", "-c", dir.resolve("named.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("named.log").toFile()).start();
        BindServer server = new BindServer(dir, process, address);
        try {
            await("named answering on " + address).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .ignoreExceptionsInstanceOf(IOException.class) // not listening yet: port unreachable or timeout
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("named exited with " + process.exitValue() + ":\n" + server.log());
                        }
                        server.query(probe, Type.SOA, Duration.ofMillis(500));
                        return true;
                    });
        } catch (RuntimeException e) {
            String log = server.log();
            server.close();
            throw new IllegalStateException("named did not start: " + e.getMessage() + "\n" + log, e);
        }
        return server;
    }

    public static Path tempDir(String prefix) throws IOException {
        return Files.createTempDirectory(prefix);
    }

    public Message query(String name, int type, Duration timeout) throws IOException {
        SimpleResolver resolver = new SimpleResolver(address);
        resolver.setTimeout(timeout);
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name.endsWith(".") ? name : name + "."), type, DClass.IN)));
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("named.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
