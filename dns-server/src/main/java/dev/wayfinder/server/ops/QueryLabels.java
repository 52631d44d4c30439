package dev.wayfinder.server.ops;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The finite label values of the query counter, so no client can create series at will (issue 14:
 * 65,536 query types once made 66,282 series). Query types are CoreDNS's monitored set
 * (plugin/metrics/vars/monitor.go:7-27 at v1.10.1), every other type is {@code other}, as there
 * (monitor.go:31-35); rcodes are the 24 assigned ones (RFC 6895 §2.3) and {@code other}.
 */
final class QueryLabels {

    static final String OTHER = "other";
    static final String UNPARSEABLE = "unparseable";

    static final List<Integer> MONITORED_TYPES = List.of(Type.AAAA, Type.A, Type.CNAME, Type.DNSKEY, Type.DS, Type.MX,
            Type.NSEC3, Type.NSEC, Type.NS, Type.PTR, Type.RRSIG, Type.SOA, Type.SRV, Type.TXT, Type.HTTPS,
            Type.IXFR, Type.AXFR, Type.ANY);
    private static final Map<Integer, String> TYPE_NAMES = MONITORED_TYPES.stream()
            .collect(Collectors.toUnmodifiableMap(Function.identity(), Type::string));
    private static final int MAX_RCODE = 23;

    private QueryLabels() {
    }

    /** The type label: the name of a monitored type, {@code unparseable} for -1, else {@code other}. */
    static String type(int qtype) {
        return qtype < 0 ? UNPARSEABLE : TYPE_NAMES.getOrDefault(qtype, OTHER);
    }

    /** The rcode label: its mnemonic for the assigned rcodes 0-23, else {@code other}. */
    static String rcode(int rcode) {
        return rcode >= 0 && rcode <= MAX_RCODE ? Rcode.string(rcode) : OTHER;
    }

    /** Per type below 256 (every monitored type is): its place in {@link #MONITORED_TYPES}, or -1. */
    private static final int[] MONITORED_PLACE = new int[256];

    static {
        java.util.Arrays.fill(MONITORED_PLACE, -1);
        for (int i = 0; i < MONITORED_TYPES.size(); i++) {
            MONITORED_PLACE[MONITORED_TYPES.get(i)] = i;
        }
    }

    /** How many label combinations {@link #index} numbers. */
    static final int INDEXES = (MONITORED_TYPES.size() + 2) * (MAX_RCODE + 2) * 2;

    /** One small number per combination of labels (type, rcode, transport), to index counters without a map. */
    static int index(int qtype, int rcode, boolean tcp) {
        int type = qtype < 0 ? 0 : qtype < 256 && MONITORED_PLACE[qtype] >= 0 ? 2 + MONITORED_PLACE[qtype] : 1;
        int code = rcode >= 0 && rcode <= MAX_RCODE ? rcode : MAX_RCODE + 1;
        return (type * (MAX_RCODE + 2) + code) * 2 + (tcp ? 1 : 0);
    }

    /** Every value {@link #type} can return (the bound the series count test checks). */
    static List<String> allTypeLabels() {
        List<String> all = new java.util.ArrayList<>(TYPE_NAMES.values());
        all.add(OTHER);
        all.add(UNPARSEABLE);
        return all;
    }
}
