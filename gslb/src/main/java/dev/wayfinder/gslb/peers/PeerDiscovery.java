package dev.wayfinder.gslb.peers;

import dev.wayfinder.gslb.settings.EdgeDelegation;
import dev.wayfinder.gslb.settings.GslbSettings;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.IpLiteral;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Type;

/**
 * Finds the nameservers of the peers named by {@code --ext-gslb-clusters-geo-tags}: the glue A and
 * AAAA records of {@code gslb-ns-<tag>-<zone>} ({@link EdgeDelegation#nameserver}) at the edge DNS
 * servers, asked in order, moving to the next one on a failure (k8gb's static discovery, §4.1,
 * with IPv6 and every address kept). Each lookup is one asynchronous round, which the caller
 * schedules and hands to {@link #update}; {@link #addresses} is what the last answers said.
 */
public final class PeerDiscovery {

    /** How often the glue is looked up again. */
    public static final Duration REFRESH = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(PeerDiscovery.class);

    private final GslbSettings settings;
    private final int peerPort;
    private final Map<String, List<InetSocketAddress>> known = new ConcurrentHashMap<>();

    /** Discovered peers are polled on port 53. */
    public PeerDiscovery(GslbSettings settings) {
        this(settings, GslbSettings.DNS_PORT);
    }

    /** {@code peerPort}: the port discovered nameservers are polled on (tests run them on a free port). */
    PeerDiscovery(GslbSettings settings, int peerPort) {
        this.settings = settings;
        this.peerPort = peerPort;
    }

    /** What one round found for one geo tag. */
    public record Found(String geoTag, Optional<List<InetSocketAddress>> addresses, String detail) {
        /** True when the edge answered every question: {@link #addresses()} is then the truth (possibly empty). */
        public boolean answered() {
            return addresses.isPresent();
        }
    }

    /**
     * Looks up every discovered tag's glue, in every zone. A tag whose questions all got answers
     * gets the union of the addresses (empty when the edge has no glue for it); a tag any of whose
     * questions no edge server answered gets {@link Optional#empty()}, so the caller keeps what it had.
     */
    public CompletableFuture<Map<String, Found>> lookup(Duration timeout, Executor executor, Executor blocking) {
        Map<String, CompletableFuture<Found>> byTag = new LinkedHashMap<>();
        for (String tag : settings.discovered()) {
            byTag.put(tag, lookup(tag, timeout, executor, blocking));
        }
        return CompletableFuture.allOf(byTag.values().toArray(CompletableFuture[]::new)).thenApply(v -> {
            Map<String, Found> out = new LinkedHashMap<>();
            byTag.forEach((tag, f) -> out.put(tag, f.join()));
            return out;
        });
    }

    /** The nameserver addresses last found for {@code tag} (none before the first answer). */
    public List<InetSocketAddress> addresses(String tag) {
        return known.getOrDefault(tag, List.of());
    }

    /**
     * Takes one round's findings: a tag the edge answered for gets exactly what was found; a tag it
     * did not answer for keeps its addresses. Returns the tags whose addresses changed.
     */
    public List<String> update(Map<String, Found> found) {
        List<String> changed = new ArrayList<>();
        for (Found f : found.values()) {
            if (!f.answered()) {
                LOG.warn("Peer {}: its nameservers could not be looked up at the edge ({}); keeping {}", f.geoTag(), f.detail(),
                        addresses(f.geoTag()));
                continue;
            }
            List<InetSocketAddress> now = f.addresses().get();
            if (!now.equals(known.put(f.geoTag(), now))) {
                changed.add(f.geoTag());
                if (now.isEmpty()) {
                    LOG.warn("Peer {}: the edge has no nameserver address for it ({})", f.geoTag(), f.detail());
                } else {
                    LOG.info("Peer {}: discovered nameservers {} ({})", f.geoTag(), now, f.detail());
                }
            }
        }
        return changed;
    }

    /** The names asked for {@code tag}: one per load-balanced zone. */
    public List<DnsName> names(String tag) {
        return settings.zones().stream().filter(z -> settings.parent(z).isPresent())
                .map(z -> EdgeDelegation.nameserver(settings.glueAPrefix(), tag, z, settings.parent(z).get())).toList();
    }

    private CompletableFuture<Found> lookup(String tag, Duration timeout, Executor executor, Executor blocking) {
        List<CompletableFuture<DnsExchange.Reply>> asks = new ArrayList<>();
        CompletableFuture<List<InetSocketAddress>> servers = edgeServers(blocking);
        for (DnsName name : names(tag)) {
            for (int type : new int[] {Type.A, Type.AAAA}) {
                asks.add(servers.thenCompose(list -> askInTurn(list, 0, name, type, timeout, executor)));
            }
        }
        return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new)).handle((v, e) -> {
            if (e != null) {
                return new Found(tag, Optional.empty(), "no edge DNS server could be resolved: " + e.getMessage());
            }
            TreeSet<String> ips = new TreeSet<>();
            List<String> failures = new ArrayList<>();
            for (CompletableFuture<DnsExchange.Reply> f : asks) {
                DnsExchange.Reply r = f.join();
                if (r.answered()) {
                    ips.addAll(r.addresses());
                } else {
                    failures.add(r.server() + " " + r.failure().get().kind() + " (" + r.detail() + ")");
                }
            }
            if (!failures.isEmpty()) {
                return new Found(tag, Optional.empty(), String.join("; ", failures));
            }
            List<InetSocketAddress> addresses = ips.stream()
                    .map(ip -> new InetSocketAddress(IpLiteral.parse(ip).orElseThrow(), peerPort)).toList();
            return new Found(tag, Optional.of(addresses), ips.isEmpty() ? "no glue at " + names(tag) : "glue at " + names(tag));
        });
    }

    private CompletableFuture<List<InetSocketAddress>> edgeServers(Executor blocking) {
        List<CompletableFuture<List<InetSocketAddress>>> each = settings.edgeDnsServers().stream()
                .map(s -> DnsExchange.resolve(s, blocking).exceptionally(e -> List.of())).toList();
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .thenApply(v -> each.stream().flatMap(f -> f.join().stream()).toList());
    }

    /** Asks {@code servers[i]}; on a failure, the next one; the last failure when none answered. */
    private static CompletableFuture<DnsExchange.Reply> askInTurn(List<InetSocketAddress> servers, int i, DnsName name, int type,
                                                                  Duration timeout, Executor executor) {
        if (servers.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException("no edge DNS server address"));
        }
        return DnsExchange.ask(servers.get(i), name, type, timeout, executor).thenCompose(r -> r.answered() || i + 1 >= servers.size()
                ? CompletableFuture.completedFuture(r)
                : askInTurn(servers, i + 1, name, type, timeout, executor));
    }
}
