package dev.wayfinder.gslb.strategy;

import java.util.Arrays;
import java.util.Optional;

/** The k8gb strategy names, spelled as they are on the wire. */
public enum StrategyType {
    ROUND_ROBIN("roundRobin"),
    FAILOVER("failover"),
    WEIGHT_ROUND_ROBIN("weightRoundRobin"),
    GEOIP("geoip");

    private final String wire;

    StrategyType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<StrategyType> fromWire(String text) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(text)).findFirst();
    }
}
