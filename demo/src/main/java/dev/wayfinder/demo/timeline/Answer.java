package dev.wayfinder.demo.timeline;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What one DNS server said for a name at one moment: the A addresses (sorted, so order does not
 * count as a change), or a response code without addresses, or no reply at all.
 */
public record Answer(Kind kind, List<String> addresses) {

    public enum Kind { ADDRESSES, NXDOMAIN, NODATA, OTHER_RCODE, NO_REPLY }

    public static final Answer NXDOMAIN = new Answer(Kind.NXDOMAIN, List.of());
    public static final Answer NODATA = new Answer(Kind.NODATA, List.of());
    public static final Answer NO_REPLY = new Answer(Kind.NO_REPLY, List.of());

    public Answer {
        addresses = addresses.stream().sorted().toList();
    }

    public static Answer of(List<String> addresses) {
        return addresses.isEmpty() ? NODATA : new Answer(Kind.ADDRESSES, addresses);
    }

    public static Answer of(String... addresses) {
        return of(List.of(addresses));
    }

    public static Answer rcode(String name) {
        return new Answer(Kind.OTHER_RCODE, List.of(name));
    }

    @Override
    public String toString() {
        return switch (kind) {
            case ADDRESSES -> addresses.stream().collect(Collectors.joining(", "));
            case NXDOMAIN -> "NXDOMAIN";
            case NODATA -> "no A records";
            case OTHER_RCODE -> addresses.get(0);
            case NO_REPLY -> "no reply";
        };
    }
}
