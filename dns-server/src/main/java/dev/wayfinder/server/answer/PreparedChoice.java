package dev.wayfinder.server.answer;

import dev.wayfinder.server.snapshot.SnapshotEntry;
import java.net.InetAddress;
import java.util.List;

/**
 * A GSLB choice prepared ahead ({@link AddressPolicy#prepare}): every list of services {@link AddressPolicy#select}
 * can return for one read, and how a query picks one, so that the prepared answers ({@code server.prepared}) keep one
 * reply per outcome and a query only draws. It picks exactly as {@code select} would, from the same random source.
 */
public interface PreparedChoice {

    /** The outcomes: each a list {@code select} may return, in the order it would return it (before any shuffle). */
    List<List<SnapshotEntry>> outcomes();

    /** The outcome for a query from {@code client} (its source address): an index into {@link #outcomes()}. */
    int pick(InetAddress client);

    /** True when {@code select} returns the chosen services in an order drawn per query, by Fisher–Yates over {@link #draw()}. */
    default boolean shuffled() {
        return false;
    }

    /** One uniform draw in [0, 1) from the policy's random source (the shuffle's). */
    default double draw() {
        throw new UnsupportedOperationException("not shuffled");
    }
}
