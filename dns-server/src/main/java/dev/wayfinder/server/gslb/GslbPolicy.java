package dev.wayfinder.server.gslb;

import dev.wayfinder.server.answer.AddressPolicy;
import dev.wayfinder.server.answer.PreparedChoice;
import dev.wayfinder.server.snapshot.SnapshotEntry;
import dev.wayfinder.server.snapshot.SnapshotEntry.HostKind;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.DoubleSupplier;
import org.xbill.DNS.Type;

/**
 * Query-time GSLB over the metadata the GSLB module stores beside each target of a balanced name: its
 * strategy ({@code lbStrategy}), its cluster (the set identifier, else {@code geoTag}) and the cluster's weight
 * ({@code lbWeight}). Records without a strategy pass through untouched, so every other answer is exactly
 * CoreDNS's. For a balanced name, only the records of the asked family count (an A question never gets an AAAA
 * cluster's share, nor an empty answer because a cluster has only the other family), and then per strategy:
 *
 * <ul>
 *   <li>{@code weightRoundRobin}: one cluster per query, drawn by its weight among the clusters that have records
 *       of the asked family — the weight is per cluster, whatever its number of addresses; when every weight is 0
 *       (or none is set), every cluster;</li>
 *   <li>{@code geoip}: the clusters whose geo tag is the client's (ECS address, else source address, mapped
 *       through the {@link GeoMap}); every cluster when none is, or the client maps to no tag (k8gb's rule);</li>
 *   <li>{@code roundRobin}, {@code failover}: every record.</li>
 * </ul>
 *
 * The records answered are shuffled per query, as CoreDNS's {@code loadbalance} plugin shuffles them. Pure but
 * for the random source it is given.
 */
public final class GslbPolicy implements AddressPolicy {

    static final String WEIGHTED = "weightRoundRobin";
    static final String GEOIP = "geoip";

    private final GeoMap geo;
    private final DoubleSupplier random;

    /** @param random uniform in [0, 1) */
    public GslbPolicy(GeoMap geo, DoubleSupplier random) {
        this.geo = geo;
        this.random = random;
    }

    /** Services without a strategy are answered as they are, whoever asks. */
    @Override
    public boolean isStatic(List<SnapshotEntry> services) {
        return strategy(services).isEmpty();
    }

    @Override
    public List<SnapshotEntry> select(List<SnapshotEntry> services, int family, InetAddress client) {
        String strategy = strategy(services);
        if (strategy.isEmpty()) {
            return services;
        }
        List<SnapshotEntry> out = new ArrayList<>(services.size());
        Map<String, List<SnapshotEntry>> clusters = clusters(services, family, out);
        List<SnapshotEntry> chosen = switch (strategy) {
            case WEIGHTED -> weighted(clusters);
            case GEOIP -> local(clusters, geo.tagOf(client));
            default -> all(clusters);
        };
        out.addAll(shuffled(chosen));
        return out;
    }

    /**
     * {@link #select}'s outcomes prepared ({@link GslbChoice}): for a balanced name whose records all carry the
     * strategy (else empty: the full path answers a name mixing balanced and plain records).
     */
    @Override
    public Optional<PreparedChoice> prepare(List<SnapshotEntry> services, int family) {
        String strategy = strategy(services);
        List<SnapshotEntry> plain = new ArrayList<>();
        Map<String, List<SnapshotEntry>> clusters = clusters(services, family, plain);
        if (strategy.isEmpty() || !plain.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(switch (strategy) {
            case WEIGHTED -> GslbChoice.weighted(all(clusters), clusters.values().stream().map(c -> new GslbChoice.Share(c, weight(c)))
                    .toList(), random);
            case GEOIP -> GslbChoice.geo(all(clusters), tags(clusters), t -> local(clusters, Optional.of(t)), geo, random);
            default -> GslbChoice.whole(all(clusters), random);
        });
    }

    /** The first strategy the records carry, or "" (they all carry the same one). */
    private static String strategy(List<SnapshotEntry> services) {
        for (SnapshotEntry s : services) {
            if (!s.record().lbStrategy().isEmpty()) {
                return s.record().lbStrategy();
            }
        }
        return "";
    }

    /**
     * The balanced records of the asked family by cluster name (so a draw means the same cluster whatever the keys'
     * order); records without a strategy go to {@code plain}.
     */
    private static Map<String, List<SnapshotEntry>> clusters(List<SnapshotEntry> services, int family, List<SnapshotEntry> plain) {
        HostKind want = family == Type.AAAA ? HostKind.AAAA : HostKind.A;
        Map<String, List<SnapshotEntry>> clusters = new TreeMap<>();
        for (SnapshotEntry s : services) {
            if (s.record().lbStrategy().isEmpty()) {
                plain.add(s);
            } else if (s.kind() == want) {
                clusters.computeIfAbsent(cluster(s), k -> new ArrayList<>()).add(s);
            }
        }
        return clusters;
    }

    private static List<String> tags(Map<String, List<SnapshotEntry>> clusters) {
        List<String> tags = new ArrayList<>();
        clusters.values().forEach(c -> c.forEach(s -> {
            if (!tags.contains(s.record().geoTag())) {
                tags.add(s.record().geoTag());
            }
        }));
        return tags;
    }

    private static String cluster(SnapshotEntry s) {
        return s.record().setIdentifier().isEmpty() ? s.record().geoTag() : s.record().setIdentifier();
    }

    private static List<SnapshotEntry> all(Map<String, List<SnapshotEntry>> clusters) {
        List<SnapshotEntry> out = new ArrayList<>();
        clusters.values().forEach(out::addAll);
        return out;
    }

    /** One cluster drawn by weight; a cluster's weight is the largest its records carry (they all carry the same). */
    private List<SnapshotEntry> weighted(Map<String, List<SnapshotEntry>> clusters) {
        long total = 0;
        for (List<SnapshotEntry> c : clusters.values()) {
            total += weight(c);
        }
        if (total == 0) {
            return all(clusters);
        }
        double point = random.getAsDouble() * total;
        List<SnapshotEntry> last = List.of();
        for (List<SnapshotEntry> c : clusters.values()) {
            long w = weight(c);
            if (w == 0) {
                continue;
            }
            last = c;
            point -= w;
            if (point < 0) {
                return c;
            }
        }
        return last;
    }

    private static long weight(List<SnapshotEntry> cluster) {
        int w = 0;
        for (SnapshotEntry s : cluster) {
            w = Math.max(w, s.record().lbWeight().orElse(0));
        }
        return w;
    }

    private static List<SnapshotEntry> local(Map<String, List<SnapshotEntry>> clusters, Optional<String> tag) {
        if (tag.isPresent()) {
            List<SnapshotEntry> out = new ArrayList<>();
            clusters.values().forEach(c -> c.stream().filter(s -> s.record().geoTag().equals(tag.get())).forEach(out::add));
            if (!out.isEmpty()) {
                return out;
            }
        }
        return all(clusters);
    }

    /** Fisher–Yates with the given random source. */
    private List<SnapshotEntry> shuffled(List<SnapshotEntry> in) {
        List<SnapshotEntry> out = new ArrayList<>(in);
        for (int i = out.size() - 1; i > 0; i--) {
            int j = (int) Math.min(i, Math.floor(random.getAsDouble() * (i + 1)));
            SnapshotEntry t = out.get(i);
            out.set(i, out.get(j));
            out.set(j, t);
        }
        return out;
    }
}
