package dev.wayfinder.controller;

import dev.wayfinder.provider.writers.WriterPresence;
import dev.wayfinder.provider.writers.WriterVerdict;
import dev.wayfinder.provider.writers.WriterVerdict.Standing;
import dev.wayfinder.server.ops.HealthCheck;
import dev.wayfinder.source.api.EventSink;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether one provider's lane may write, from its {@link WriterPresence}, and what it says about it:
 * the gauges {@code wayfinder_controller_writers} (live writers with this owner id through this
 * provider, this one included) and {@code wayfinder_controller_standing_by} (1 while this one writes
 * nothing because another registered first), a log line and an Event on this controller's Pod at
 * each change of standing (a Warning when another writer appears, Normal when it is gone), and its
 * readiness check. A verdict that has not changed is not reported again.
 */
final class WriterGate implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WriterGate.class);

    private final String provider;
    private final String ownerId;
    private final WriterPresence presence;
    private final EventSink events;
    private final Optional<EventSink.Target> pod;
    private final AtomicLong writers = new AtomicLong();
    private final AtomicLong standingBy = new AtomicLong();
    private final java.util.concurrent.CompletableFuture<Void> known = new java.util.concurrent.CompletableFuture<>();
    private WriterVerdict reported = new WriterVerdict(Standing.UNREGISTERED, java.util.List.of());

    WriterGate(String provider, String ownerId, WriterPresence presence, MeterRegistry meters, EventSink events,
               Optional<EventSink.Target> pod) {
        this.provider = provider;
        this.ownerId = ownerId;
        this.presence = presence;
        this.events = events;
        this.pod = pod;
        Tags tags = Tags.of("provider", provider);
        meters.gauge("wayfinder_controller_writers", tags, writers);
        meters.gauge("wayfinder_controller_standing_by", tags, standingBy);
    }

    /** Registers and follows the others; {@code trigger} runs after each change of verdict, so a pass follows it at once. */
    void start(Runnable trigger) {
        presence.start(() -> {
            if (report().standing() != Standing.UNREGISTERED) {
                known.complete(null);
            }
            trigger.run();
        });
    }

    /** Waits (at most {@code limit}) for the first verdict after {@link #start}: for one-off runs. */
    void awaitVerdict(java.time.Duration limit) throws InterruptedException {
        if (presence.verdict().standing() != Standing.UNREGISTERED) {
            return;
        }
        try {
            known.get(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.debug("No writer verdict within {}: {}", limit, e.toString());
        }
    }

    boolean mayWrite() {
        return report().mayWrite();
    }

    /** Why this lane writes nothing now ({@code /readyz}, the pass's log line); empty when it may write. */
    Optional<String> held() {
        WriterVerdict v = report();
        return v.mayWrite() ? Optional.empty() : Optional.of("provider " + provider + ": " + v.describe(ownerId));
    }

    /** The presence's verdict, reported when it differs from the last one reported. */
    private synchronized WriterVerdict report() {
        WriterVerdict now = presence.verdict();
        writers.set(now.writers());
        standingBy.set(now.standing() == Standing.STANDING_BY ? 1 : 0);
        if (now.standing() == Standing.UNREGISTERED) {
            // Not known for now (starting, or the medium away): compared later with what was last known.
            return now;
        }
        WriterVerdict before = reported;
        reported = now;
        boolean othersBefore = !before.others().isEmpty();
        boolean othersNow = !now.others().isEmpty();
        if (now.standing() == before.standing() && before.others().equals(now.others())) {
            return now;
        }
        String message = "provider " + provider + ": " + now.describe(ownerId);
        if (othersNow) {
            LOG.warn(message);
            pod.ifPresent(p -> events.emit(p, now.standing() == Standing.STANDING_BY ? "WriterStandingBy" : "AnotherWriter", true, message));
        } else if (othersBefore) {
            LOG.info("{} (the other writer is gone)", message);
            pod.ifPresent(p -> events.emit(p, "WriterAlone", false, message + "; the other writer is gone"));
        }
        return now;
    }

    @Override
    public void close() {
        presence.close();
    }
}
