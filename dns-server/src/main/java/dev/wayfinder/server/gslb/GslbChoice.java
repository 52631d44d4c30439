package dev.wayfinder.server.gslb;

import dev.wayfinder.server.answer.PreparedChoice;
import dev.wayfinder.server.snapshot.SnapshotEntry;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * {@link GslbPolicy#select}'s choice for one balanced name, prepared: outcome 0 is every cluster, then one outcome per
 * cluster (weighted) or per geo tag (geoip). A query picks one as select does, drawing from the same random source in
 * the same order (the weighted draw, then the shuffle's draws over the records answered).
 */
final class GslbChoice implements PreparedChoice {

    /** A cluster's records and its weight. */
    record Share(List<SnapshotEntry> cluster, long weight) {
    }

    private final List<List<SnapshotEntry>> outcomes;
    /** Weighted: outcome {@code 1 + k}'s weight; else null. */
    private final long[] weights;
    private final long total;
    /** Geoip: outcome {@code 1 + k}'s tag; else null. */
    private final List<String> tags;
    private final GeoMap geo;
    private final DoubleSupplier random;

    private GslbChoice(List<List<SnapshotEntry>> outcomes, long[] weights, List<String> tags, GeoMap geo, DoubleSupplier random) {
        this.outcomes = List.copyOf(outcomes);
        this.weights = weights;
        long sum = 0;
        for (int k = 0; weights != null && k < weights.length; k++) {
            sum += weights[k];
        }
        this.total = sum;
        this.tags = tags == null ? null : List.copyOf(tags);
        this.geo = geo;
        this.random = random;
    }

    /** Every record, whoever asks ({@code roundRobin}, {@code failover}). */
    static GslbChoice whole(List<SnapshotEntry> all, DoubleSupplier random) {
        return new GslbChoice(List.of(all), null, null, null, random);
    }

    /** One cluster drawn by weight; every record when every weight is 0. */
    static GslbChoice weighted(List<SnapshotEntry> all, List<Share> shares, DoubleSupplier random) {
        List<List<SnapshotEntry>> outcomes = new ArrayList<>(List.of(all));
        long[] weights = new long[shares.size()];
        for (int k = 0; k < weights.length; k++) {
            outcomes.add(shares.get(k).cluster());
            weights[k] = shares.get(k).weight();
        }
        return new GslbChoice(outcomes, weights, null, null, random);
    }

    /** The records of the client's tag ({@code local}), else every record. */
    static GslbChoice geo(List<SnapshotEntry> all, List<String> tags, Function<String, List<SnapshotEntry>> local, GeoMap geo,
                          DoubleSupplier random) {
        List<List<SnapshotEntry>> outcomes = new ArrayList<>(List.of(all));
        tags.forEach(t -> outcomes.add(local.apply(t)));
        return new GslbChoice(outcomes, null, tags, geo, random);
    }

    @Override
    public List<List<SnapshotEntry>> outcomes() {
        return outcomes;
    }

    @Override
    public int pick(InetAddress client) {
        if (weights != null) {
            return total == 0 ? 0 : drawCluster();
        }
        if (tags != null) {
            Optional<String> tag = geo.tagOf(client);
            int k = tag.isPresent() ? tags.indexOf(tag.get()) : -1;
            return k + 1;
        }
        return 0;
    }

    /** As {@code GslbPolicy.weighted}: clusters of weight 0 skipped, the last one left when rounding runs past the end. */
    private int drawCluster() {
        double point = random.getAsDouble() * total;
        int last = 0;
        for (int k = 0; k < weights.length; k++) {
            if (weights[k] == 0) {
                continue;
            }
            last = k + 1;
            point -= weights[k];
            if (point < 0) {
                return k + 1;
            }
        }
        return last;
    }

    @Override
    public boolean shuffled() {
        return true;
    }

    @Override
    public double draw() {
        return random.getAsDouble();
    }
}
