package dev.wayfinder.plan;

import dev.wayfinder.model.Endpoint;

/**
 * A desired record set the plan did not publish because something else holds its name: another
 * object that won the tie-break, another owner's record, or a CNAME that cannot share its name.
 *
 * @param loser  the resource ({@code kind/namespace/name}) whose record was not published
 * @param holder who holds the name instead: a resource, or {@code owner <id>} for a foreign record
 */
public record Conflict(Endpoint.Key key, String loser, String holder, String reason) {

    public String message() {
        return key + " not published for " + loser + ": " + reason + " (held by " + holder + ")";
    }
}
