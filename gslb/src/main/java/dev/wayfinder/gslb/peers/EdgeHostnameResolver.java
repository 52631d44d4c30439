package dev.wayfinder.gslb.peers;

import dev.wayfinder.gslb.kube.HostnameResolver;
import dev.wayfinder.model.DnsName;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.Type;

/**
 * Resolves the host names of load balancers, Gateways and {@code k8gb.io/exposed-hostnames} as k8gb v0.21's
 * {@code utils.Dig} does (controllers/utils/dns.go lines 62-127): an A question to the edge DNS servers, one after the
 * other until one answers; CNAMEs the answer does not resolve itself are followed with new questions, at most 8 deep;
 * the addresses sorted. Unlike k8gb, which asks on every reconcile inside it, lookups run here off the pass, again every
 * refresh for names asked about recently, and a change asks for a pass. With no edge DNS server configured (k8gb would
 * refuse), the system's resolvers are asked.
 */
public final class EdgeHostnameResolver implements HostnameResolver {

    private static final Logger LOG = LoggerFactory.getLogger(EdgeHostnameResolver.class);
    /** k8gb's Dig recursion limit for CNAME chains. */
    static final int MAX_DEPTH = 8;
    /** A name nobody asked about for this many refreshes is dropped. */
    private static final int IDLE_REFRESHES = 12;

    private final List<InetSocketAddress> servers;
    private final Duration timeout;
    private final Duration refresh;
    private final Runnable onChange;
    private final Clock clock;
    private final Map<DnsName, Entry> names = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final ExecutorService io;

    private static final class Entry {
        volatile Resolution last = new Resolution(List.of(), false, "");
        volatile Instant asked;
        volatile boolean inFlight;

        Entry(Instant asked) {
            this.asked = asked;
        }
    }

    /**
     * @param servers  the edge DNS servers (k8gb's edgeDNSServers); empty: the system's resolvers
     * @param timeout  per question and server
     * @param refresh  how often names asked about are looked up again
     * @param onChange called when a name's addresses or error change
     */
    public EdgeHostnameResolver(List<InetSocketAddress> servers, Duration timeout, Duration refresh, Runnable onChange, Clock clock) {
        this.servers = servers.isEmpty() ? ResolverConfig.getCurrentConfig().servers() : List.copyOf(servers);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.refresh = Objects.requireNonNull(refresh, "refresh");
        this.onChange = Objects.requireNonNull(onChange, "onChange");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Executors.newSingleThreadScheduledExecutor(PeerPoller.daemon("gslb-hostnames"));
        this.io = Executors.newCachedThreadPool(PeerPoller.daemon("gslb-hostnames-io"));
        long every = Math.max(1, refresh.toMillis());
        scheduler.scheduleWithFixedDelay(this::refreshAll, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public Resolution resolve(DnsName name) {
        Instant now = clock.instant();
        Entry[] created = new Entry[1];
        Entry e = names.computeIfAbsent(name, n -> created[0] = new Entry(now));
        e.asked = now;
        if (created[0] != null) {
            lookup(name, e);
        }
        return e.last;
    }

    private void refreshAll() {
        Instant idle = clock.instant().minus(refresh.multipliedBy(IDLE_REFRESHES));
        names.entrySet().removeIf(en -> en.getValue().asked.isBefore(idle));
        names.forEach(this::lookup);
    }

    private void lookup(DnsName name, Entry e) {
        if (e.inFlight) {
            return;
        }
        e.inFlight = true;
        dig(name, MAX_DEPTH).whenComplete((ips, error) -> {
            e.inFlight = false;
            Resolution before = e.last;
            Resolution now = error == null ? new Resolution(ips, true, "")
                    : new Resolution(before.addresses(), before.answered(), message(error));
            e.last = now;
            if (!now.equals(before)) {
                LOG.info("Host name {} now resolves to {}{}", name, now.addresses(), now.error().isEmpty() ? "" : " (" + now.error() + ")");
                onChange.run();
            }
        });
    }

    private static String message(Throwable t) {
        Throwable c = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }

    /** The A addresses of {@code name}, CNAMEs followed, or a failure saying why. */
    CompletableFuture<List<String>> dig(DnsName name, int depth) {
        if (depth < 0) {
            return CompletableFuture.failedFuture(new IllegalStateException("CNAME chain of " + name + " longer than " + MAX_DEPTH));
        }
        return ask(name, 0).thenCompose(reply -> {
            TreeSet<String> ips = new TreeSet<>(reply.addresses());
            List<CompletableFuture<List<String>>> chased = new ArrayList<>();
            reply.aliases().forEach((owner, target) -> {
                if (!reply.addressOwners().contains(target) && !reply.aliases().containsKey(target)) {
                    chased.add(dig(DnsName.of(target), depth - 1));
                }
            });
            return CompletableFuture.allOf(chased.toArray(CompletableFuture[]::new)).thenApply(v -> {
                chased.forEach(f -> ips.addAll(f.join()));
                return List.copyOf(ips);
            });
        });
    }

    /** The servers in order; the next is asked only when one gives no usable answer. */
    private CompletableFuture<DnsExchange.Reply> ask(DnsName name, int i) {
        if (i >= servers.size()) {
            return CompletableFuture.failedFuture(new IllegalStateException(servers.isEmpty() ? "no DNS server to ask"
                    : "no edge DNS server answered for " + name));
        }
        return DnsExchange.resolve(servers.get(i), io)
                .thenCompose(addresses -> DnsExchange.ask(addresses.get(0), name, Type.A, timeout, io))
                .exceptionally(t -> DnsExchange.Reply.failed(servers.get(i), DnsExchange.Failure.NETWORK, message(t), Duration.ZERO))
                .thenCompose(r -> r.answered() ? CompletableFuture.completedFuture(r) : ask(name, i + 1).exceptionallyCompose(
                        t -> CompletableFuture.failedFuture(new IllegalStateException(r.server() + ": " + r.detail()
                                + (i + 1 < servers.size() ? "; " + message(t) : "")))));
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        io.shutdownNow();
    }
}
