package dev.wayfinder.server.gslb;

import dev.wayfinder.server.xfr.Cidr;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** CIDR → geo tag, longest prefix first; no vendor database. Blocks are parsed and matched by {@link Cidr}. */
public final class GeoMap {

    private record Entry(Cidr block, String tag) {
    }

    private final List<Entry> entries;

    private GeoMap(List<Entry> entries) {
        this.entries = entries;
    }

    public static GeoMap empty() {
        return new GeoMap(List.of());
    }

    /** Parses {@code CIDR=TAG} items such as {@code 10.1.0.0/16=eu}; errors name the item. */
    public static GeoMap parse(List<String> items) {
        List<Entry> out = new ArrayList<>();
        for (String item : items) {
            int eq = item.indexOf('=');
            int slash = item.indexOf('/');
            if (eq < 0 || slash < 0 || slash > eq || eq == item.length() - 1) {
                throw new IllegalArgumentException("geo mapping '" + item + "' is not CIDR=TAG (e.g. 10.1.0.0/16=eu)");
            }
            out.add(new Entry(Cidr.parse("geo mapping '" + item + "'", item.substring(0, eq)), item.substring(eq + 1)));
        }
        out.sort(Comparator.comparingInt((Entry e) -> e.block().prefix()).reversed());
        return new GeoMap(List.copyOf(out));
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The tag of the most specific CIDR holding {@code address}. */
    public Optional<String> tagOf(InetAddress address) {
        if (address == null) {
            return Optional.empty();
        }
        for (Entry e : entries) {
            if (e.block().contains(address)) {
                return Optional.of(e.tag());
            }
        }
        return Optional.empty();
    }
}
