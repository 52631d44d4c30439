package dev.wayfinder.model;

import java.util.Objects;

/** A record set that changes: what is there now and what it becomes. Both share one key. */
public record Update(Endpoint before, Endpoint after) {

    public Update {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        if (!before.key().equals(after.key())) {
            throw new IllegalArgumentException("an update keeps its key: " + before.key() + " -> " + after.key());
        }
    }

    public Endpoint.Key key() {
        return after.key();
    }
}
