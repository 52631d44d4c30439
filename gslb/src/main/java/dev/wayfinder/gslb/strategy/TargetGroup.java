package dev.wayfinder.gslb.strategy;

import java.util.List;
import java.util.OptionalInt;

/** One cluster's share of the answer, with the metadata {@code wayfinder dns} uses per query. */
public record TargetGroup(String geoTag, List<String> targets, OptionalInt weight) {
    public TargetGroup {
        targets = List.copyOf(targets);
    }
}
