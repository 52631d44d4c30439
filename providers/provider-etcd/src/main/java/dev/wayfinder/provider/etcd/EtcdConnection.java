package dev.wayfinder.provider.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How to reach etcd, in the terms ExternalDNS's CoreDNS provider uses ({@code ETCD_URLS},
 * {@code ETCD_CA_FILE}, {@code ETCD_CERT_FILE}, {@code ETCD_KEY_FILE}, {@code ETCD_TLS_SERVER_NAME},
 * {@code ETCD_TLS_INSECURE}, {@code ETCD_USERNAME}, {@code ETCD_PASSWORD}), so its users can keep
 * their settings. The scheme of the first endpoint decides whether TLS is used, as there.
 *
 * @param endpoints     URLs such as {@code http://localhost:2379}
 * @param tlsServerName the name the server certificate must carry when it differs from the endpoint host
 * @param tlsInsecure   skip verifying the server certificate (tests only)
 */
public record EtcdConnection(
        List<String> endpoints,
        Optional<Path> caFile,
        Optional<Path> certFile,
        Optional<Path> keyFile,
        Optional<String> tlsServerName,
        boolean tlsInsecure,
        Optional<String> username,
        Optional<String> password) {

    public static final String DEFAULT_ENDPOINT = "http://localhost:2379";

    /**
     * The longest any single etcd call may take (and a connection attempt): long enough for a page of
     * a few thousand keys on a loaded node, short enough that a pass against an unreachable etcd fails
     * within seconds instead of waiting for it to return.
     */
    public static final Duration DEFAULT_CALL_DEADLINE = Duration.ofSeconds(3);

    private static final Set<String> TRUE_WORDS = Set.of("true", "yes", "1");

    public EtcdConnection {
        endpoints = List.copyOf(Objects.requireNonNull(endpoints, "endpoints"));
        caFile = Objects.requireNonNullElse(caFile, Optional.empty());
        certFile = Objects.requireNonNullElse(certFile, Optional.empty());
        keyFile = Objects.requireNonNullElse(keyFile, Optional.empty());
        tlsServerName = Objects.requireNonNullElse(tlsServerName, Optional.empty());
        username = Objects.requireNonNullElse(username, Optional.empty());
        password = Objects.requireNonNullElse(password, Optional.empty());
    }

    /** Plain endpoints, no TLS settings, no login. */
    public static EtcdConnection of(List<String> endpoints) {
        return new EtcdConnection(endpoints, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                false, Optional.empty(), Optional.empty());
    }

    /** Reads the {@code ETCD_*} variables; unset or blank ones mean "not given". Call {@link #validate()} next. */
    public static EtcdConnection fromEnvironment(Map<String, String> env) {
        List<String> urls = value(env, "ETCD_URLS")
                .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of(DEFAULT_ENDPOINT));
        return new EtcdConnection(urls,
                value(env, "ETCD_CA_FILE").map(Path::of),
                value(env, "ETCD_CERT_FILE").map(Path::of),
                value(env, "ETCD_KEY_FILE").map(Path::of),
                value(env, "ETCD_TLS_SERVER_NAME"),
                value(env, "ETCD_TLS_INSECURE").map(v -> TRUE_WORDS.contains(v.toLowerCase(Locale.ROOT))).orElse(false),
                value(env, "ETCD_USERNAME"),
                // A password is taken as given: surrounding spaces may be part of it.
                Optional.ofNullable(env.get("ETCD_PASSWORD")).filter(v -> !v.isEmpty()));
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
    }

    /** True when the first endpoint is {@code https}: TLS for all of them. */
    public boolean usesTls() {
        return !endpoints.isEmpty() && endpoints.get(0).toLowerCase(Locale.ROOT).startsWith("https:");
    }

    /** Every problem with these settings (empty when they are usable), each naming the setting. */
    public List<String> validate() {
        List<String> problems = new ArrayList<>();
        if (endpoints.isEmpty()) {
            problems.add("ETCD_URLS: no endpoint given");
        }
        for (String endpoint : endpoints) {
            endpointProblem(endpoint).ifPresent(problems::add);
        }
        boolean tls = usesTls();
        if (!endpoints.isEmpty() && endpoints.stream().anyMatch(e -> scheme(e).equals(tls ? "http" : "https"))) {
            problems.add("ETCD_URLS: mixes http and https endpoints; the first (" + endpoints.get(0)
                    + ") decides, so use " + (tls ? "https" : "http") + " for all");
        }
        if (certFile.isPresent() != keyFile.isPresent()) {
            problems.add(certFile.isPresent()
                    ? "ETCD_KEY_FILE: missing; ETCD_CERT_FILE needs the matching private key"
                    : "ETCD_CERT_FILE: missing; ETCD_KEY_FILE needs the matching certificate");
        }
        fileProblem("ETCD_CA_FILE", caFile).ifPresent(problems::add);
        fileProblem("ETCD_CERT_FILE", certFile).ifPresent(problems::add);
        fileProblem("ETCD_KEY_FILE", keyFile).ifPresent(problems::add);
        if (!tls && !endpoints.isEmpty()) {
            tlsOnlySetting().ifPresent(setting -> problems.add(setting + ": set, but ETCD_URLS starts with "
                    + endpoints.get(0) + ", which is not https, so it would be ignored"));
        }
        if (password.isPresent() && username.isEmpty()) {
            problems.add("ETCD_USERNAME: missing; ETCD_PASSWORD is set without a user name");
        }
        return List.copyOf(problems);
    }

    private Optional<String> tlsOnlySetting() {
        if (caFile.isPresent()) {
            return Optional.of("ETCD_CA_FILE");
        }
        if (certFile.isPresent()) {
            return Optional.of("ETCD_CERT_FILE");
        }
        if (keyFile.isPresent()) {
            return Optional.of("ETCD_KEY_FILE");
        }
        if (tlsServerName.isPresent()) {
            return Optional.of("ETCD_TLS_SERVER_NAME");
        }
        return tlsInsecure ? Optional.of("ETCD_TLS_INSECURE") : Optional.empty();
    }

    private static Optional<String> endpointProblem(String endpoint) {
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            return Optional.of("ETCD_URLS: '" + endpoint + "' is not a URL: " + e.getReason());
        }
        String scheme = scheme(endpoint);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("ETCD_URLS: '" + endpoint + "' must start with http:// or https://");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("ETCD_URLS: '" + endpoint + "' has no host");
        }
        if (uri.getPort() == -1) {
            return Optional.of("ETCD_URLS: '" + endpoint + "' has no port (etcd's client port is usually 2379)");
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
            return Optional.of("ETCD_URLS: '" + endpoint + "' has a path; etcd endpoints are scheme://host:port");
        }
        return Optional.empty();
    }

    private static String scheme(String endpoint) {
        int colon = endpoint.indexOf("://");
        return colon < 0 ? "" : endpoint.substring(0, colon).toLowerCase(Locale.ROOT);
    }

    private static Optional<String> fileProblem(String setting, Optional<Path> file) {
        if (file.isEmpty()) {
            return Optional.empty();
        }
        Path p = file.get();
        if (!Files.isRegularFile(p)) {
            return Optional.of(setting + ": " + p + " does not exist or is not a file");
        }
        if (!Files.isReadable(p)) {
            return Optional.of(setting + ": " + p + " is not readable");
        }
        return Optional.empty();
    }

    /** A client whose calls each have {@link #DEFAULT_CALL_DEADLINE}; see {@link #connect(Duration)}. */
    public Client connect() {
        return connect(DEFAULT_CALL_DEADLINE);
    }

    /**
     * A jetcd client for these settings. Connecting is lazy in jetcd: an unreachable server shows
     * up as failing calls, not here. Every unary call gets {@code callDeadline} ({@link CallDeadline});
     * connection attempts give up after it too. Otherwise jetcd's defaults: a call waits for a ready
     * channel (until its deadline), reads that find etcd unavailable are retried twice.
     *
     * @throws IllegalArgumentException listing every problem {@link #validate()} finds
     */
    public Client connect(Duration callDeadline) {
        return builder(callDeadline).build();
    }

    /**
     * As {@link #connect(Duration)}, but a call fails at once when the client cannot reach etcd (no
     * wait for a ready channel, no jetcd retries): for an {@link EtcdSession}, which notices the failure,
     * probes, and tells when etcd is back, and for callers that retry themselves.
     */
    public Client connectFailingFast(Duration callDeadline) {
        return builder(callDeadline).waitForReady(false).retryMaxAttempts(0).build();
    }

    private ClientBuilder builder(Duration callDeadline) {
        List<String> problems = validate();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid etcd connection settings: " + String.join("; ", problems));
        }
        CallDeadline deadline = new CallDeadline(callDeadline);
        ClientBuilder builder = Client.builder().endpoints(endpoints.toArray(String[]::new))
                .interceptor(deadline).authInterceptors(deadline).connectTimeout(callDeadline);
        if (usesTls()) {
            try {
                builder.sslContext(ssl -> {
                    if (tlsInsecure) {
                        ssl.trustManager(InsecureTrustManagerFactory.INSTANCE);
                    } else {
                        caFile.ifPresent(ca -> ssl.trustManager(ca.toFile()));
                    }
                    certFile.ifPresent(cert -> ssl.keyManager(cert.toFile(), keyFile.orElseThrow().toFile()));
                });
            } catch (IOException e) {
                throw new UncheckedIOException("cannot set up TLS for etcd at " + endpoints, e);
            }
            tlsServerName.ifPresent(builder::authority);
        }
        username.ifPresent(u -> builder.user(bytes(u)).password(bytes(password.orElse(""))));
        return builder;
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    /** The settings with the password hidden: safe to log. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("EtcdConnection{endpoints=").append(endpoints);
        caFile.ifPresent(p -> sb.append(", caFile=").append(p));
        certFile.ifPresent(p -> sb.append(", certFile=").append(p));
        keyFile.ifPresent(p -> sb.append(", keyFile=").append(p));
        tlsServerName.ifPresent(n -> sb.append(", tlsServerName=").append(n));
        if (tlsInsecure) {
            sb.append(", tlsInsecure=true");
        }
        username.ifPresent(u -> sb.append(", username=").append(u));
        password.ifPresent(p -> sb.append(", password=<redacted>"));
        return sb.append('}').toString();
    }
}
