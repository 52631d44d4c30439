package dev.wayfinder.provider.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The etcd client of a long-running component, and whether etcd answers it.
 *
 * <p>gRPC backs a failed channel's reconnection off exponentially up to 120 s, and jetcd 0.8.5 waits
 * for a ready channel, so a client that lost etcd may only try again long after etcd is back (after a
 * 150 s outage the controller wrote 13.3 s after etcd returned, issue 14). The session does not wait
 * for the channel: once a call fails as if etcd were away ({@link #failed}), it asks etcd every
 * {@code probeInterval} with a fresh client (no backoff history), adopts the first client that gets an
 * answer, closes the old one and tells its listeners ({@link #onReachableAgain}). Meanwhile
 * {@link #outage()} lets callers fail at once instead of waiting out deadlines. Each change of state
 * is logged once, with the outage's length and the number of probes when it ends.
 */
public final class EtcdSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdSession.class);

    /**
     * @param probeInterval pause between probes while etcd is unreachable
     * @param probeDeadline how long one probe waits for an answer
     */
    public record Settings(Duration probeInterval, Duration probeDeadline) {
        public Settings {
            if (probeInterval.isNegative() || probeInterval.isZero() || probeDeadline.isNegative() || probeDeadline.isZero()) {
                throw new IllegalArgumentException("probe interval and deadline must be positive: " + probeInterval + ", " + probeDeadline);
            }
        }

        /** A probe every 250 ms, each waiting 1 s at most: current well within 2 s of etcd's return. */
        public static Settings defaults() {
            return new Settings(Duration.ofMillis(250), Duration.ofSeconds(1));
        }
    }

    /**
     * Since when etcd has not answered, and why.
     *
     * @param probes failed probes so far
     */
    public record Outage(Instant since, String cause, long probes) {
        Outage probed() {
            return new Outage(since, cause, probes + 1);
        }

        /** One line for an error, the same all through the outage (so repeated warnings are recognised as such). */
        public String describe() {
            return "etcd unreachable since " + since.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ": " + cause;
        }

        /** One line for a readiness check: "etcd unreachable for 12 s: …". */
        public String describe(Instant now) {
            return "etcd unreachable for " + Duration.between(since, now).toSeconds() + " s: " + cause;
        }
    }

    /** Null when the client is the caller's: then it is probed as it is and never replaced. */
    private final Supplier<Client> connector;
    private final ByteSequence probeKey;
    private final Settings settings;
    private final Clock clock;
    private final ScheduledThreadPoolExecutor prober;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private Client client;
    private Outage outage;
    private boolean closed;
    // The newest store revision etcd reported; one that goes back means etcd was restored or emptied meanwhile.
    private long lastRevision;

    private EtcdSession(Supplier<Client> connector, Client client, String probeKey, Settings settings, Clock clock) {
        this.connector = connector;
        this.client = Objects.requireNonNull(client, "client");
        this.probeKey = ByteSequence.from(probeKey, StandardCharsets.UTF_8);
        this.settings = settings;
        this.clock = clock;
        this.prober = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "etcd-session-probe");
            t.setDaemon(true);
            return t;
        });
        prober.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /**
     * A session that makes its clients with {@code connector} (for example {@link EtcdConnection#connect()}),
     * replaces one that lost etcd, and closes them. {@code probeKey} is a key the credentials may read
     * (the SkyDNS prefix): probes count the keys there.
     */
    public static EtcdSession reconnecting(Supplier<Client> connector, String probeKey, Settings settings, Clock clock) {
        return new EtcdSession(connector, connector.get(), probeKey, settings, clock);
    }

    /** A session over the caller's client (the caller closes it): outages are detected and their end reported, no client is replaced. */
    public static EtcdSession of(Client client, String probeKey) {
        return new EtcdSession(null, client, probeKey, Settings.defaults(), Clock.systemUTC());
    }

    /** The client to use now; after an outage, a different one. */
    public Client client() {
        synchronized (lock) {
            return client;
        }
    }

    /** Present while etcd is unreachable: since when and why. */
    public Optional<Outage> outage() {
        synchronized (lock) {
            return Optional.ofNullable(outage);
        }
    }

    public Instant now() {
        return clock.instant();
    }

    /** Runs {@code listener} (briefly, on the probe thread) each time etcd answers again after an outage. */
    public void onReachableAgain(Runnable listener) {
        listeners.add(listener);
    }

    /**
     * A call failed. When the failure says etcd is away (unavailable, a deadline passed) and no outage is
     * known yet, one starts: logged once, and probing begins. Other failures change nothing.
     */
    public void failed(Throwable cause) {
        if (!EtcdFailures.isUnreachable(cause)) {
            return;
        }
        synchronized (lock) {
            if (outage != null || closed) {
                return;
            }
            outage = new Outage(clock.instant(), EtcdFailures.describe(cause), 0);
        }
        LOG.warn("etcd is unreachable ({}); asking it again every {} ms{}", EtcdFailures.describe(cause), settings.probeInterval().toMillis(),
                connector == null ? "" : " with a fresh client");
        schedule(0);
    }

    /**
     * A response's header: its store revision. etcd's revision only grows, so one lower than the last seen means
     * etcd was restored from an older backup or emptied — quickly enough that no call failed in between — and what
     * it holds is not what it held: the listeners read it afresh, as after an outage.
     */
    public void observed(long revision) {
        long before;
        synchronized (lock) {
            before = lastRevision;
            lastRevision = revision;
            if (closed || outage != null || revision >= before) {
                return;
            }
        }
        LOG.info("etcd's revision went back from {} to {} (restored from a backup or emptied); reading it afresh", before, revision);
        try {
            prober.execute(this::tellListeners);
        } catch (RejectedExecutionException e) {
            LOG.trace("session closed; nobody to tell");
        }
    }

    private void tellListeners() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("A listener for etcd's return failed", e);
            }
        }
    }

    private void schedule(long delayMillis) {
        try {
            prober.schedule(this::probe, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.trace("session closed; no more probes");
        }
    }

    private void probe() {
        Client probing;
        try {
            probing = connector != null ? connector.get() : client();
        } catch (RuntimeException e) {
            probed(null, e);
            return;
        }
        CompletableFuture<?> answer;
        try {
            answer = probing.getKVClient().get(probeKey, GetOption.builder().withCountOnly(true).build());
        } catch (RuntimeException e) {
            probed(probing, e); // a call refused outright is a failed probe too; the probing goes on
            return;
        }
        answer.orTimeout(settings.probeDeadline().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((r, e) -> {
                    try {
                        prober.execute(() -> probed(probing, e));
                    } catch (RejectedExecutionException closedMeanwhile) {
                        if (connector != null) {
                            probing.close();
                        }
                    }
                });
    }

    /** On the probe thread: adopt the client that got an answer, or count the failure and try again. */
    private void probed(Client probing, Throwable failure) {
        if (failure != null) {
            if (connector != null && probing != null) {
                probing.close();
            }
            synchronized (lock) {
                if (outage == null || closed) {
                    return;
                }
                outage = outage.probed();
            }
            schedule(settings.probeInterval().toMillis());
            return;
        }
        Client old;
        Outage ended;
        synchronized (lock) {
            if (closed || outage == null) {
                if (connector != null) {
                    probing.close();
                }
                return;
            }
            old = client;
            if (connector != null) {
                client = probing;
            }
            ended = outage;
            outage = null;
        }
        if (connector != null && old != probing) {
            old.close(); // its channel may be backing off for minutes; calls still on it fail and are retried on the new one
        }
        LOG.info("etcd answers again after {} ms unreachable ({} probes){}", Duration.between(ended.since(), clock.instant()).toMillis(),
                ended.probes() + 1, connector == null ? "" : "; using a fresh client");
        tellListeners();
    }

    /** Stops probing; closes the client when the session made it. */
    @Override
    public void close() {
        Client last;
        synchronized (lock) {
            closed = true;
            last = client;
        }
        prober.shutdownNow();
        if (connector != null) {
            last.close();
        }
    }
}
