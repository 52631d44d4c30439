package dev.wayfinder.source.api;

import dev.wayfinder.model.Endpoint;
import java.util.ArrayList;
import java.util.List;

/** What a source turned its objects into: the desired endpoints and the problems it skipped. */
public record SourceResult(List<Endpoint> endpoints, List<Problem> problems) {

    public static final SourceResult EMPTY = new SourceResult(List.of(), List.of());

    public SourceResult {
        endpoints = List.copyOf(endpoints);
        problems = List.copyOf(problems);
    }

    public static SourceResult concat(List<SourceResult> parts) {
        List<Endpoint> e = new ArrayList<>();
        List<Problem> p = new ArrayList<>();
        for (SourceResult r : parts) {
            e.addAll(r.endpoints);
            p.addAll(r.problems);
        }
        return new SourceResult(e, p);
    }
}
