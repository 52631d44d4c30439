package dev.wayfinder.source.api;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which objects a source reads: the namespace (empty: all) and the label and annotation filters
 * ({@code --namespace}, {@code --label-filter}, {@code --annotation-filter}).
 */
public record SourceScope(Optional<String> namespace, Predicate<Map<String, String>> labels, Predicate<Map<String, String>> annotations) {
    /** Every object in every namespace. */
    public static final SourceScope ALL = new SourceScope(Optional.empty(), m -> true, m -> true);

    public SourceScope {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(annotations, "annotations");
    }
}
