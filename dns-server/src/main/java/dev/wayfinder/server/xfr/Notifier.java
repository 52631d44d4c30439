package dev.wayfinder.server.xfr;

import dev.wayfinder.server.snapshot.SnapshotStore;
import dev.wayfinder.server.snapshot.ZoneSnapshot;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Sends NOTIFY (RFC 1996) for every zone to every configured secondary after the served data
 * changes: at most one round per {@code debounce} (changes in between share it), signed with the
 * transfer key when there is one, retried with doubling delays while a secondary does not answer.
 * One scheduler thread; sends are asynchronous.
 */
public final class Notifier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    /** Debounce between rounds, first retry delay, attempts per secondary and zone, per-attempt timeout. */
    public record Timing(Duration debounce, Duration retry, int attempts, Duration timeout) {
        public static Timing defaults() {
            return new Timing(Duration.ofSeconds(1), Duration.ofSeconds(2), 4, Duration.ofSeconds(2));
        }
    }

    private final TransferConfig config;
    private final List<Name> zones;
    private final Timing timing;
    private final ScheduledExecutorService exec;
    private long lastSerial = -1;
    private ZoneSnapshot latest;
    private boolean pending;
    private long lastRound;

    private Notifier(TransferConfig config, List<Name> zones, Timing timing) {
        this.config = config;
        this.zones = zones;
        this.timing = timing;
        this.exec = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dns-notify");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts notifying about {@code store}'s changes; does nothing useful when no secondary is configured. */
    public static Notifier start(TransferConfig config, List<Name> zones, SnapshotStore store, Timing timing) {
        Notifier n = new Notifier(config, zones, timing);
        if (!config.secondaries().isEmpty()) {
            store.onPublish(s -> n.post(() -> n.changed(s)));
        }
        return n;
    }

    private void changed(ZoneSnapshot snapshot) {
        latest = snapshot;
        if (ZoneContent.serial(snapshot) == lastSerial || pending) {
            return;
        }
        pending = true;
        long wait = Math.max(0, lastRound + timing.debounce().toMillis() - System.currentTimeMillis());
        schedule(this::round, Duration.ofMillis(wait));
    }

    private void round() {
        pending = false;
        lastRound = System.currentTimeMillis();
        // Changes published during the debounce are covered: the secondary fetches whatever is current.
        lastSerial = ZoneContent.serial(latest);
        for (InetSocketAddress target : config.secondaries()) {
            for (Name zone : zones) {
                send(target, zone, 1, timing.retry());
            }
        }
    }

    private void send(InetSocketAddress target, Name zone, int attempt, Duration nextDelay) {
        Message notify = Message.newQuery(Record.newRecord(zone, Type.SOA, DClass.IN));
        notify.getHeader().setOpcode(Opcode.NOTIFY);
        notify.getHeader().unsetFlag(Flags.RD);
        notify.getHeader().setFlag(Flags.AA);
        SimpleResolver resolver = new SimpleResolver(target);
        resolver.setTimeout(timing.timeout());
        config.key().ifPresent(k -> resolver.setTSIGKey(k.tsig()));
        resolver.sendAsync(notify).whenComplete((reply, error) -> {
            if (error == null && reply.getRcode() == Rcode.NOERROR) {
                LOG.info("Sent NOTIFY for zone {} to {}", zone, target);
                return;
            }
            String why = error != null ? error.toString() : "answered " + Rcode.string(reply.getRcode());
            if (attempt >= timing.attempts()) {
                LOG.warn("NOTIFY for zone {} to {} failed after {} attempt(s): {}", zone, target, attempt, why);
                return;
            }
            LOG.info("NOTIFY for zone {} to {} failed ({}); retrying in {} ms", zone, target, why, nextDelay.toMillis());
            schedule(() -> send(target, zone, attempt + 1, nextDelay.multipliedBy(2)), nextDelay);
        });
    }

    private void schedule(Runnable task, Duration delay) {
        try {
            exec.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.trace("notifier closed");
        }
    }

    private void post(Runnable task) {
        schedule(task, Duration.ZERO);
    }

    @Override
    public void close() {
        exec.shutdownNow();
    }
}
