package dev.wayfinder.bench.dnscompare;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The servers the harness compares. The anchors are the authoritative servers that serve the zone
 * file; the others read the same names from etcd.
 */
enum ServerKind {
    WAYFINDER("wayfinder", "`wayfinder dns` (etcd)", false),
    COREDNS_CACHE("coredns-cache", "CoreDNS etcd + cache 30", false),
    COREDNS("coredns", "CoreDNS etcd, no cache (reference)", false),
    KNOT("knot", "Knot DNS (zone file)", true),
    NSD("nsd", "NSD (zone file)", true),
    BIND("bind", "BIND 9 (zone file)", true);

    final String id;
    final String label;
    final boolean anchor;

    ServerKind(String id, String label, boolean anchor) {
        this.id = id;
        this.label = label;
        this.anchor = anchor;
    }

    boolean readsEtcd() {
        return !anchor;
    }

    static ServerKind byId(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--servers: unknown server '" + id + "'; known: " + ids()));
    }

    static String ids() {
        return Arrays.stream(values()).map(k -> k.id).collect(Collectors.joining(","));
    }
}
