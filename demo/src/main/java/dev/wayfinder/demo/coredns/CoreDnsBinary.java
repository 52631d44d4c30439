package dev.wayfinder.demo.coredns;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Where stock CoreDNS is on this machine: {@code $COREDNS_BIN}, else {@code coredns} on {@code PATH}.
 * The project never builds CoreDNS; it runs the release binary (or the one in {@code ../shared/bin}).
 */
public record CoreDnsBinary(Path path) {

    public static final String ENV = "COREDNS_BIN";

    /** What a user reads when no CoreDNS is found. */
    public static final String HOW_TO_GET = "stock CoreDNS not found: set " + ENV + " to a coredns binary (a release from "
            + "https://github.com/coredns/coredns/releases, or ../shared/bin/coredns where it exists) or put coredns on PATH";

    /** The binary the environment names, if it is there and executable. */
    public static Optional<CoreDnsBinary> find() {
        return find(System.getenv());
    }

    static Optional<CoreDnsBinary> find(Map<String, String> env) {
        String configured = env.getOrDefault(ENV, "").trim();
        if (!configured.isEmpty()) {
            Path p = Path.of(configured).toAbsolutePath().normalize();
            // A configured path that is not there is a mistake worth seeing, not a reason to pick another binary.
            return Files.isExecutable(p) ? Optional.of(new CoreDnsBinary(p)) : Optional.empty();
        }
        for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "coredns"))) {
                return Optional.of(new CoreDnsBinary(Path.of(dir, "coredns").toAbsolutePath()));
            }
        }
        return Optional.empty();
    }

    /** Why {@link #find()} came back empty, naming what was looked at. */
    public static String whyMissing() {
        String configured = System.getenv().getOrDefault(ENV, "").trim();
        return configured.isEmpty() ? HOW_TO_GET : ENV + "=" + configured + " is not an executable file; " + HOW_TO_GET;
    }

    /** The first line of {@code coredns -version}, for example {@code CoreDNS-1.10.1}. */
    public String version() {
        try {
            Process p = new ProcessBuilder(path.toString(), "-version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return out.lines().findFirst().orElse("unknown").trim();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown (interrupted)";
        }
    }
}
