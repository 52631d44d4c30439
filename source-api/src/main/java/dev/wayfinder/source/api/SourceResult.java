package dev.wayfinder.source.api;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a source turned its objects into: the desired endpoints, the problems it skipped, and the names it has not
 * decided yet ({@code held}): whatever is published under those stays exactly as it is — neither written nor
 * deleted — until a later result decides them (a GSLB host whose peers have not all answered yet).
 */
public record SourceResult(List<Endpoint> endpoints, List<Problem> problems, Set<DnsName> held) {

    public static final SourceResult EMPTY = new SourceResult(List.of(), List.of());

    public SourceResult {
        endpoints = List.copyOf(endpoints);
        problems = List.copyOf(problems);
        held = Set.copyOf(held);
    }

    /** Everything decided. */
    public SourceResult(List<Endpoint> endpoints, List<Problem> problems) {
        this(endpoints, problems, Set.of());
    }

    public static SourceResult concat(List<SourceResult> parts) {
        List<Endpoint> e = new ArrayList<>();
        List<Problem> p = new ArrayList<>();
        Set<DnsName> h = new HashSet<>();
        for (SourceResult r : parts) {
            e.addAll(r.endpoints);
            p.addAll(r.problems);
            h.addAll(r.held);
        }
        return new SourceResult(e, p, h);
    }
}
