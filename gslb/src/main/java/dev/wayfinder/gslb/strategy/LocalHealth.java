package dev.wayfinder.gslb.strategy;

import java.util.List;

/** This cluster's ready endpoint count and the addresses it exposes for the host. */
public record LocalHealth(int healthyEndpoints, List<String> targets) {
    public LocalHealth {
        targets = List.copyOf(targets);
    }
}
