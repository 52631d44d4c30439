package dev.wayfinder.server.gslb;

import dev.wayfinder.server.answer.AddressPolicy;
import dev.wayfinder.server.answer.PreparedChoice;
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

    /**
     * The outcomes of {@link #select}: the candidate lists (every service, and each tag's), answered whole, or, when
     * weighted, each of their members alone (or the whole list when its weights add up to 0); a query picks one as
     * select does, with one draw from the same random source.
     */
    @Override
    public Optional<PreparedChoice> prepare(List<SnapshotEntry> services, int family) {
        boolean weighted = false;
        List<String> tags = new ArrayList<>();
        for (SnapshotEntry s : services) {
            weighted |= s.record().lbWeight().isPresent();
            String tag = s.record().geoTag();
            if (!tag.isEmpty() && !tags.contains(tag)) {
                tags.add(tag);
            }
        }
        List<List<SnapshotEntry>> candidates = new ArrayList<>();
        candidates.add(services);
        for (String tag : tags) {
            candidates.add(services.stream().filter(s -> s.record().geoTag().equals(tag)).toList());
        }
        List<List<SnapshotEntry>> outcomes = new ArrayList<>();
        int[] whole = new int[candidates.size()];
        long[] totals = new long[candidates.size()];
        int[][] alone = new int[candidates.size()][];
        for (int c = 0; c < candidates.size(); c++) {
            List<SnapshotEntry> list = candidates.get(c);
            totals[c] = weighted ? list.stream().mapToLong(s -> s.record().lbWeight().orElse(0)).sum() : 0;
            whole[c] = outcomes.size();
            outcomes.add(list);
            alone[c] = new int[list.size()];
            for (int i = 0; totals[c] > 0 && i < list.size(); i++) {
                alone[c][i] = outcomes.size();
                outcomes.add(List.of(list.get(i)));
            }
        }
        return Optional.of(new Choice(List.copyOf(outcomes), tags, candidates, whole, totals, alone));
    }

    /** {@link #prepare}'s outcomes and the tables a query's pick reads. */
    private final class Choice implements PreparedChoice {
        private final List<List<SnapshotEntry>> outcomes;
        private final List<String> tags;
        private final List<List<SnapshotEntry>> candidates;
        private final int[] whole;
        private final long[] totals;
        private final int[][] alone;

        Choice(List<List<SnapshotEntry>> outcomes, List<String> tags, List<List<SnapshotEntry>> candidates, int[] whole, long[] totals,
               int[][] alone) {
            this.outcomes = outcomes;
            this.tags = tags;
            this.candidates = candidates;
            this.whole = whole;
            this.totals = totals;
            this.alone = alone;
        }

        @Override
        public List<List<SnapshotEntry>> outcomes() {
            return outcomes;
        }

        @Override
        public int pick(InetAddress client) {
            int c = 0;
            if (!tags.isEmpty()) {
                Optional<String> tag = geo.tagOf(client);
                c = tag.isPresent() ? 1 + tags.indexOf(tag.get()) : 0;
            }
            if (totals[c] == 0) {
                return whole[c];
            }
            List<SnapshotEntry> list = candidates.get(c);
            double point = random.getAsDouble() * totals[c];
            for (int i = 0; i < list.size(); i++) {
                point -= list.get(i).record().lbWeight().orElse(0);
                if (point < 0) {
                    return alone[c][i];
                }
            }
            return alone[c][list.size() - 1];
        }
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
