package dev.wayfinder.server.gslb;

import dev.wayfinder.server.answer.AddressPolicy;
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

    @Override
    public List<SnapshotEntry> select(List<SnapshotEntry> services, int family, InetAddress client) {
        String strategy = "";
        for (SnapshotEntry s : services) {
            if (!s.record().lbStrategy().isEmpty()) {
                strategy = s.record().lbStrategy();
                break;
            }
        }
        if (strategy.isEmpty()) {
            return services;
        }
        HostKind want = family == Type.AAAA ? HostKind.AAAA : HostKind.A;
        List<SnapshotEntry> out = new ArrayList<>(services.size());
        // By cluster name, so a draw means the same cluster whatever the keys' order.
        Map<String, List<SnapshotEntry>> clusters = new TreeMap<>();
        for (SnapshotEntry s : services) {
            if (s.record().lbStrategy().isEmpty()) {
                out.add(s);
            } else if (s.kind() == want) {
                clusters.computeIfAbsent(cluster(s), k -> new ArrayList<>()).add(s);
            }
        }
        List<SnapshotEntry> chosen = switch (strategy) {
            case WEIGHTED -> weighted(clusters);
            case GEOIP -> local(clusters, client);
            default -> all(clusters);
        };
        out.addAll(shuffled(chosen));
        return out;
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

    private List<SnapshotEntry> local(Map<String, List<SnapshotEntry>> clusters, InetAddress client) {
        Optional<String> tag = geo.tagOf(client);
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
