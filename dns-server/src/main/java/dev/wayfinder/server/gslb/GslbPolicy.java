package dev.wayfinder.server.gslb;

import dev.wayfinder.server.answer.AddressPolicy;
import dev.wayfinder.server.snapshot.SnapshotEntry;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Query-time GSLB over the metadata the GSLB module stores beside each target ({@code geoTag},
 * {@code lbWeight}). Without such metadata the services pass through untouched, so the answer is
 * exactly CoreDNS's.
 *
 * <ol>
 *   <li>Geo: when the client (ECS address, else source address) maps to a tag through the
 *       {@link GeoMap} and some targets carry that tag, only those are answered; otherwise all.</li>
 *   <li>Weight: when targets carry {@code lbWeight}, one target is chosen per query with
 *       probability proportional to its weight (targets without a weight count as 0); when every
 *       weight is 0 all targets are answered.</li>
 * </ol>
 */
public final class GslbPolicy implements AddressPolicy {

    private final GeoMap geo;
    private final DoubleSupplier random;

    public GslbPolicy(GeoMap geo, DoubleSupplier random) {
        this.geo = geo;
        this.random = random;
    }

    /** Services without GSLB metadata are answered as they are, whoever asks. */
    @Override
    public boolean isStatic(List<SnapshotEntry> services) {
        for (SnapshotEntry s : services) {
            if (s.record().lbWeight().isPresent() || !s.record().geoTag().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public List<SnapshotEntry> select(List<SnapshotEntry> services, InetAddress client) {
        boolean weighted = false;
        boolean tagged = false;
        for (SnapshotEntry s : services) {
            weighted |= s.record().lbWeight().isPresent();
            tagged |= !s.record().geoTag().isEmpty();
        }
        if (!weighted && !tagged) {
            return services;
        }
        List<SnapshotEntry> candidates = services;
        Optional<String> clientTag = tagged ? geo.tagOf(client) : Optional.empty();
        if (clientTag.isPresent()) {
            List<SnapshotEntry> local = new ArrayList<>();
            for (SnapshotEntry s : services) {
                if (s.record().geoTag().equals(clientTag.get())) {
                    local.add(s);
                }
            }
            if (!local.isEmpty()) {
                candidates = local;
            }
        }
        return weighted ? pick(candidates) : candidates;
    }

    private List<SnapshotEntry> pick(List<SnapshotEntry> candidates) {
        long total = 0;
        for (SnapshotEntry s : candidates) {
            total += s.record().lbWeight().orElse(0);
        }
        if (total == 0) {
            return candidates;
        }
        double point = random.getAsDouble() * total;
        for (SnapshotEntry s : candidates) {
            point -= s.record().lbWeight().orElse(0);
            if (point < 0) {
                return List.of(s);
            }
        }
        return List.of(candidates.get(candidates.size() - 1));
    }
}
