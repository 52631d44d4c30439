package dev.wayfinder.gslb.push;

import dev.wayfinder.gslb.peers.PeerRefresh;
import dev.wayfinder.gslb.records.GslbRecords;
import dev.wayfinder.gslb.settings.GslbSettings;
import dev.wayfinder.model.Changes;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Update;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;

/**
 * Tells the peers at once when this cluster's {@code localtargets-} records changed: after each applied pass, one
 * signed NOTIFY per changed host (one for the zone when a pass changed more than {@link #BULK} hosts of it) to every
 * peer's notify address ({@code --gslb-peer-notify}, or its nameservers on the notify port). Sent from its own thread,
 * so a pass never waits on a peer. A NOTIFY is retried at once, up to {@link #ATTEMPTS} in all, while it times out or is
 * refused (a standby replica refuses; the retry leaves from a new port, which the peer's Service balances anew).
 * Undelivered ones are counted and logged once per address until one gets through: the peer's next poll covers them.
 */
public final class NotifySender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NotifySender.class);
    static final int BULK = 8;
    static final int ATTEMPTS = 3;

    private final GslbSettings settings;
    private final PeerRefresh peers;
    private final TSIG key;
    private final PushMetrics metrics;
    private final ExecutorService exec;
    // Guarded by this.
    private final Set<DnsName> pending = new LinkedHashSet<>();
    private boolean draining;
    // Confined to exec: addresses whose last NOTIFY was not acknowledged, with why.
    private final Map<InetSocketAddress, String> failing = new HashMap<>();

    public NotifySender(GslbSettings settings, PeerRefresh peers, TSIG key, MeterRegistry meters) {
        this.settings = settings;
        this.peers = peers;
        this.key = key;
        this.metrics = new PushMetrics(meters);
        this.exec = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "gslb-notify-sender");
            t.setDaemon(true);
            return t;
        });
    }

    /** The hosts whose {@code localtargets-} record {@code changes} (as applied) created, changed or deleted. */
    static Set<DnsName> localTargetHosts(Changes changes) {
        Set<DnsName> out = new LinkedHashSet<>();
        Stream.of(changes.create().stream(), changes.update().stream().map(Update::after), changes.delete().stream())
                .flatMap(s -> s).map(Endpoint::name).map(GslbRecords::hostOfLocalTargets).flatMap(Optional::stream).forEach(out::add);
        return out;
    }

    /**
     * The NOTIFYs {@code self} sends for {@code hosts}: one per host, or one for the zone when more than {@link #BULK}
     * hosts of it changed. Hosts outside {@code zones} are left out (a peer would refuse them).
     */
    static List<PeerNotify> coalesce(String self, Collection<DnsName> hosts, List<DnsName> zones) {
        Map<DnsName, List<DnsName>> byZone = new LinkedHashMap<>();
        for (DnsName h : hosts) {
            zones.stream().filter(h::isAtOrBelow).max(Comparator.comparingInt(DnsName::labelCount))
                    .ifPresent(z -> byZone.computeIfAbsent(z, k -> new ArrayList<>()).add(h));
        }
        List<PeerNotify> out = new ArrayList<>();
        byZone.forEach((zone, hs) -> {
            if (hs.size() > BULK) {
                out.add(new PeerNotify(self, zone, true));
            } else {
                hs.forEach(h -> out.add(new PeerNotify(self, h, false)));
            }
        });
        return out;
    }

    /** Called after a pass applied {@code changes}: announces the changed {@code localtargets-} records, off this thread. */
    public void applied(Changes changes) {
        Set<DnsName> hosts = localTargetHosts(changes);
        if (hosts.isEmpty()) {
            return;
        }
        synchronized (this) {
            pending.addAll(hosts);
            if (draining) {
                return; // the drain already queued takes these too
            }
            draining = true;
        }
        try {
            exec.execute(this::drain);
        } catch (RuntimeException e) {
            // Closed.
        }
    }

    private void drain() {
        Set<DnsName> hosts;
        synchronized (this) {
            hosts = new LinkedHashSet<>(pending);
            pending.clear();
            draining = false;
        }
        List<PeerNotify> notes = coalesce(settings.clusterGeoTag(), hosts, settings.zones());
        for (String tag : peers.tags()) {
            for (InetSocketAddress target : resolved(tag, settings.push().targets(tag, peers.nameservers(tag)))) {
                notes.forEach(n -> send(tag, target, n, 1));
            }
        }
    }

    private List<InetSocketAddress> resolved(String tag, List<InetSocketAddress> targets) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (InetSocketAddress t : targets) {
            if (!t.isUnresolved()) {
                out.add(t);
                continue;
            }
            try {
                Arrays.stream(InetAddress.getAllByName(t.getHostString())).map(a -> new InetSocketAddress(a, t.getPort())).forEach(out::add);
            } catch (UnknownHostException e) {
                undelivered(tag, t, "unresolvable", "cannot resolve " + t.getHostString(), 1);
            }
        }
        return out;
    }

    private void send(String tag, InetSocketAddress target, PeerNotify n, int attempt) {
        Message m = NotifyCodec.request(n.sender(), n.name(), n.zoneWide());
        Duration timeout = settings.peerTimeout();
        SimpleResolver resolver = new SimpleResolver(target);
        resolver.setTSIGKey(key);
        resolver.setTimeout(timeout);
        long start = System.nanoTime();
        try {
            // dnsjava checks its timeouts on a coarse tick; the bound here is exact.
            resolver.sendAsync(m, exec).toCompletableFuture().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .whenCompleteAsync((reply, error) -> outcome(tag, target, n, attempt, reply, error, start), exec);
        } catch (RuntimeException e) {
            LOG.trace("NOTIFY sender closed: {}", e.toString());
        }
    }

    private void outcome(String tag, InetSocketAddress target, PeerNotify n, int attempt, Message reply, Throwable error, long start) {
        String what = n.zoneWide() ? "zone " + n.name() : GslbRecords.localTargetsName(n.name()).toString();
        if (error == null && reply.getRcode() == Rcode.NOERROR) {
            metrics.sent(tag);
            LOG.info("Sent NOTIFY for {} to peer {} at {} (acknowledged in {} ms)", what, tag, target,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            if (failing.remove(target) != null) {
                LOG.info("Peer {} at {} acknowledges NOTIFYs again", tag, target);
            }
            return;
        }
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        boolean timedOut = cause instanceof TimeoutException || cause instanceof java.net.SocketTimeoutException;
        String reason = cause == null ? Rcode.string(reply.getRcode()).toLowerCase(java.util.Locale.ROOT) : timedOut ? "timeout" : "network";
        if (attempt < ATTEMPTS && (cause != null || reply.getRcode() == Rcode.REFUSED)) {
            LOG.debug("NOTIFY for {} to peer {} at {}: {}; trying again", what, tag, target, reason);
            send(tag, target, n, attempt + 1);
            return;
        }
        String detail = cause == null ? "answered " + Rcode.string(reply.getRcode()) : cause.toString();
        undelivered(tag, target, reason, what + ": " + detail, attempt);
    }

    private void undelivered(String tag, InetSocketAddress target, String reason, String detail, int attempts) {
        metrics.undelivered(tag, reason);
        if (failing.put(target, reason) == null) {
            String hint = reason.equals("notauth") ? " (it rejects the signature: every cluster needs the same --gslb-notify-tsig-key)" : "";
            LOG.warn("NOTIFY to peer {} at {} not acknowledged after {} attempt(s): {}{}; it learns the change at its next poll,"
                    + " and further failures there are only counted until one gets through", tag, target, attempts, detail, hint);
        }
    }

    @Override
    public void close() {
        exec.shutdownNow();
    }
}
