package dev.wayfinder.server.gslb;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** CIDR → geo tag, longest prefix first; no vendor database. */
public final class GeoMap {

    private record Entry(byte[] network, int prefix, String tag) {
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
            try {
                byte[] net = InetAddress.getByName(item.substring(0, slash)).getAddress();
                int prefix = Integer.parseInt(item.substring(slash + 1, eq));
                if (prefix < 0 || prefix > net.length * 8) {
                    throw new IllegalArgumentException("geo mapping '" + item + "': prefix length " + prefix + " is out of range");
                }
                out.add(new Entry(net, prefix, item.substring(eq + 1)));
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("geo mapping '" + item + "': not a CIDR: " + e.getMessage(), e);
            }
        }
        out.sort(Comparator.comparingInt(Entry::prefix).reversed());
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
        byte[] a = address.getAddress();
        for (Entry e : entries) {
            if (e.network().length == a.length && matches(a, e.network(), e.prefix())) {
                return Optional.of(e.tag());
            }
        }
        return Optional.empty();
    }

    private static boolean matches(byte[] a, byte[] net, int prefix) {
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != net[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (net[full] & mask);
    }
}
