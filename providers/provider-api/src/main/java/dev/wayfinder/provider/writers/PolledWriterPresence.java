package dev.wayfinder.provider.writers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A presence kept by rounds on one thread, every {@code interval}: each round keeps this writer's
 * registration alive and reads everyone's ({@link #round()}), and the verdict follows. A verdict older
 * than {@code ttl} is not trusted: this writer's own registration may have lapsed meanwhile, and a
 * writer standing by may have taken over, so it reads as {@link WriterVerdict.Standing#UNREGISTERED}
 * until a round succeeds again.
 */
public abstract class PolledWriterPresence implements WriterPresence {

    private static final Logger LOG = LoggerFactory.getLogger(PolledWriterPresence.class);

    protected final Writer me;
    protected final Duration ttl;
    private final Duration interval;
    private final Clock clock;
    private final ScheduledThreadPoolExecutor exec;
    private volatile WriterVerdict verdict = new WriterVerdict(WriterVerdict.Standing.UNREGISTERED, List.of());
    private volatile Instant decidedAt = Instant.MIN;
    private volatile Runnable onChange = () -> { };

    protected PolledWriterPresence(String thread, Writer me, Duration ttl, Duration interval, Clock clock) {
        this.me = Objects.requireNonNull(me, "me");
        if (ttl.toSeconds() < 2 || interval.compareTo(ttl.dividedBy(2)) > 0) {
            throw new IllegalArgumentException("a registration must last at least 2 s and be renewed at least twice within it: ttl "
                    + ttl + ", interval " + interval);
        }
        this.ttl = ttl;
        this.interval = interval;
        this.clock = clock;
        this.exec = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, thread);
            t.setDaemon(true);
            return t;
        });
        exec.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Keeps (or makes) this writer's registration and reads every live one under the owner id, this one's included. */
    protected abstract List<Writer> round() throws Exception;

    /** A round failed (the medium is away): what the subclass wants to do with that besides waiting for the next. */
    protected void roundFailed(Exception e) {
    }

    /** Removes this writer's registration; called once, on close, after the last round. Best effort. */
    protected abstract void unregister();

    @Override
    public final void start(Runnable listener) {
        this.onChange = Objects.requireNonNull(listener, "listener");
        exec.scheduleWithFixedDelay(this::safeRound, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A round now, besides the regular ones (the medium is back after an outage). */
    public final void roundNow() {
        try {
            exec.execute(this::safeRound);
        } catch (RejectedExecutionException closed) {
            LOG.trace("presence closed");
        }
    }

    @Override
    public final WriterVerdict verdict() {
        WriterVerdict v = verdict;
        if (v.standing() != WriterVerdict.Standing.UNREGISTERED && clock.instant().isAfter(decidedAt.plus(ttl))) {
            return new WriterVerdict(WriterVerdict.Standing.UNREGISTERED, v.others());
        }
        return v;
    }

    private void safeRound() {
        List<Writer> all;
        try {
            all = round();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            LOG.debug("Writer presence round failed: {}", e.toString());
            roundFailed(e);
            return;
        }
        WriterVerdict next = WriterVerdict.decide(me, all);
        WriterVerdict previous = verdict();
        verdict = next;
        decidedAt = clock.instant();
        if (previous.standing() != next.standing() || !instances(previous).equals(instances(next))) {
            onChange.run();
        }
    }

    private static List<String> instances(WriterVerdict v) {
        return v.others().stream().map(Writer::instance).toList();
    }

    @Override
    public final void close() {
        exec.shutdownNow();
        try {
            exec.awaitTermination(ttl.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        unregister();
    }
}
