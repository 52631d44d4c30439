package dev.wayfinder.gslb.api;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The optional active probe of a Gslb's exposed addresses, from the {@code wayfinder.dev/probe}
 * annotation: {@code tcp:PORT}, {@code http:PORT/PATH} or {@code https:PORT/PATH} (any 2xx or 3xx
 * passes; https does not verify the certificate: it checks the data plane, not the PKI).
 * k8gb only follows pod readiness, so a dead ingress controller in front of ready pods keeps
 * receiving traffic (its issue #1754); the probe closes that gap.
 */
public record ProbeSpec(Scheme scheme, int port, String path, Duration interval, Duration timeout, int failureThreshold) {

    public static final String ANNOTATION = "wayfinder.dev/probe";
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    public static final int DEFAULT_FAILURE_THRESHOLD = 2;
    private static final Pattern FORM = Pattern.compile("(tcp|http|https):(\\d{1,5})(/\\S*)?");

    public enum Scheme { TCP, HTTP, HTTPS }

    public ProbeSpec {
        Objects.requireNonNull(scheme, "scheme");
        path = Objects.requireNonNullElse(path, "");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** Parses the annotation's value; the exception's message says what is wrong (the caller names the annotation). */
    public static ProbeSpec parse(String value) {
        Matcher m = FORM.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + value + "' is not tcp:PORT, http:PORT/PATH or https:PORT/PATH");
        }
        Scheme scheme = Scheme.valueOf(m.group(1).toUpperCase(Locale.ROOT));
        int port = Integer.parseInt(m.group(2));
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("'" + value + "': port " + port + " is not between 1 and 65535");
        }
        String path = m.group(3) == null ? "" : value.trim().substring(value.trim().indexOf('/'));
        if (scheme == Scheme.TCP && !path.isEmpty()) {
            throw new IllegalArgumentException("'" + value + "': a tcp probe has no path");
        }
        return new ProbeSpec(scheme, port, scheme == Scheme.TCP ? "" : path.isEmpty() ? "/" : path, DEFAULT_INTERVAL, DEFAULT_TIMEOUT,
                DEFAULT_FAILURE_THRESHOLD);
    }

    @Override
    public String toString() {
        return scheme.name().toLowerCase(Locale.ROOT) + ":" + port + path;
    }
}
