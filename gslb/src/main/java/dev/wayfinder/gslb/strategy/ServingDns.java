package dev.wayfinder.gslb.strategy;

import java.util.Arrays;
import java.util.Optional;

/**
 * Which DNS server answers this cluster's load-balanced zones ({@code --gslb-serving-dns}): it decides what a
 * strategy's answer can be, and so what each Gslb says about it.
 */
public enum ServingDns {
    /** Stock CoreDNS with its etcd plugin: it serves every record of a name and ignores the GSLB metadata. */
    COREDNS("coredns"),
    /** {@code wayfinder dns}: it answers each balanced name by its strategy, per query. */
    WAYFINDER("wayfinder");

    private final String wire;

    ServingDns(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<ServingDns> fromWire(String text) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(text)).findFirst();
    }
}
