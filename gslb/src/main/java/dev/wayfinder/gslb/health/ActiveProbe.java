package dev.wayfinder.gslb.health;

import dev.wayfinder.gslb.api.ProbeSpec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes each (probe, target) pair it is asked about, every {@link ProbeSpec#interval()}, on its own threads; the
 * Gslb source only reads the latest verdicts. A target fails after {@link ProbeSpec#failureThreshold()} consecutive
 * failures and passes again after one success (flapping back into the answer is cheaper than staying out of it
 * while healthy); a target not probed yet passes. {@code onChange} runs whenever a verdict flips, so the source
 * recomputes. Pairs not asked about for three intervals, and at least {@link #MIN_IDLE}, stop being probed and lose
 * their metrics. The floor is there because the source asks only when it recomputes, which may be as rarely as the
 * controller's {@code --interval}: a pair dropped between two passes would come back untested, hence passing, and a
 * dead target would never leave the answer.
 */
public final class ActiveProbe implements TargetProbe {

    private static final Logger LOG = LoggerFactory.getLogger(ActiveProbe.class);
    static final String UP = "wayfinder_gslb_probe_up";
    static final String FAILURES = "wayfinder_gslb_probe_failures_total";
    private static final int THREADS = 4;
    private static final int FORGET_AFTER_INTERVALS = 3;
    static final Duration MIN_IDLE = Duration.ofMinutes(10);

    private final MeterRegistry meters;
    private final Runnable onChange;
    private final Duration minIdle;
    private final ScheduledThreadPoolExecutor scheduler;
    private final Map<Pair, Probed> pairs = new ConcurrentHashMap<>();
    private final HttpClient http;
    private final HttpClient https;

    public ActiveProbe(MeterRegistry meters, Runnable onChange) {
        this(meters, onChange, MIN_IDLE);
    }

    /** With another floor on how long an unasked pair is kept (tests). */
    ActiveProbe(MeterRegistry meters, Runnable onChange, Duration minIdle) {
        this.meters = Objects.requireNonNull(meters, "meters");
        this.onChange = Objects.requireNonNull(onChange, "onChange");
        this.minIdle = Objects.requireNonNull(minIdle, "minIdle");
        AtomicInteger n = new AtomicInteger();
        // Probes block for up to their timeout (connect, response); a few threads keep one dead target from delaying the rest.
        this.scheduler = new ScheduledThreadPoolExecutor(THREADS, r -> {
            Thread t = new Thread(r, "gslb-probe-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        this.https = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).sslContext(trustingEveryCertificate()).build();
    }

    private record Pair(ProbeSpec probe, String target) {
    }

    /** One pair's state; fields are touched by its own scheduled run only, except {@code lastAsked}. */
    private final class Probed {
        final Pair pair;
        volatile boolean passing = true;
        volatile long lastAsked = System.nanoTime();
        int consecutiveFailures;
        final Gauge up;
        final Counter failures;
        ScheduledFuture<?> future;

        Probed(Pair pair) {
            this.pair = pair;
            Tags tags = Tags.of("probe", pair.probe().toString(), "target", pair.target());
            up = Gauge.builder(UP, this, p -> p.passing ? 1 : 0).description("1 while the target passes the Gslb's active probe")
                    .tags(tags).register(meters);
            failures = Counter.builder(FAILURES).description("Failed active probes of the target").tags(tags).register(meters);
        }
    }

    @Override
    public List<String> passing(ProbeSpec probe, List<String> targets) {
        if (scheduler.isShutdown()) {
            return targets;
        }
        long now = System.nanoTime();
        return targets.stream().filter(target -> {
            Probed p = pairs.computeIfAbsent(new Pair(probe, target), this::start);
            p.lastAsked = now;
            return p.passing;
        }).toList();
    }

    private Probed start(Pair pair) {
        Probed p = new Probed(pair);
        long interval = Math.max(1, pair.probe().interval().toMillis());
        if (!scheduler.isShutdown()) {
            p.future = scheduler.scheduleWithFixedDelay(() -> run(p), 0, interval, TimeUnit.MILLISECONDS);
        }
        return p;
    }

    private void run(Probed p) {
        ProbeSpec spec = p.pair.probe();
        if (System.nanoTime() - p.lastAsked > Math.max(FORGET_AFTER_INTERVALS * spec.interval().toNanos(), minIdle.toNanos())) {
            drop(p);
            return;
        }
        String failure = probe(spec, p.pair.target());
        if (failure == null) {
            p.consecutiveFailures = 0;
            flip(p, true, "passes");
        } else {
            p.consecutiveFailures++;
            p.failures.increment();
            LOG.debug("Probe {} of {} failed ({} in a row): {}", spec, p.pair.target(), p.consecutiveFailures, failure);
            if (p.consecutiveFailures >= Math.max(1, spec.failureThreshold())) {
                flip(p, false, "fails: " + failure);
            }
        }
    }

    private void flip(Probed p, boolean passing, String why) {
        if (p.passing == passing || scheduler.isShutdown()) {
            return;
        }
        p.passing = passing;
        LOG.info("Target {} now {} probe {}: {}", p.pair.target(), passing ? "passes" : "fails", p.pair.probe(), why);
        try {
            onChange.run();
        } catch (RuntimeException e) {
            LOG.warn("The probe's change callback failed", e);
        }
    }

    private void drop(Probed p) {
        pairs.remove(p.pair, p);
        if (p.future != null) {
            p.future.cancel(false);
        }
        meters.remove(p.up);
        meters.remove(p.failures);
        LOG.debug("Stopped probing {} with {}: not asked about for a while", p.pair.target(), p.pair.probe());
    }

    /** Null when the target passes, else why it failed. */
    private String probe(ProbeSpec spec, String target) {
        try {
            return switch (spec.scheme()) {
                case TCP -> tcp(spec, target);
                case HTTP -> http(http, "http", spec, target);
                case HTTPS -> http(https, "https", spec, target);
            };
        } catch (IOException | IllegalArgumentException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static String tcp(ProbeSpec spec, String target) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(target, spec.port()), (int) Math.max(1, spec.timeout().toMillis()));
            return null;
        }
    }

    private static String http(HttpClient client, String scheme, ProbeSpec spec, String target) throws IOException, InterruptedException {
        String host = target.contains(":") && !target.startsWith("[") ? "[" + target + "]" : target;
        HttpRequest request = HttpRequest.newBuilder(URI.create(scheme + "://" + host + ":" + spec.port() + spec.path()))
                .timeout(spec.timeout()).GET().build();
        int code = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        return code >= 200 && code < 400 ? null : "HTTP " + code;
    }

    /**
     * For the https probe only: it checks that the data plane answers, not the PKI. Targets are bare addresses
     * (no name to verify against) and often present a default or self-signed certificate, so verifying would fail
     * every healthy ingress. The accepting trust manager also skips host name checks, which JSSE does inside it.
     */
    private static SSLContext trustingEveryCertificate() {
        TrustManager trustAll = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {trustAll}, new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("No TLS in this JVM", e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            // Interrupted probes end at once (HTTP) or within their connect timeout (TCP); wait no longer than that.
            scheduler.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pairs.values().forEach(p -> {
            meters.remove(p.up);
            meters.remove(p.failures);
        });
        pairs.clear();
    }
}
