package dev.wayfinder.controller;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.source.api.Problem;
import dev.wayfinder.source.api.SourceResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A name a Gslb balances is the Gslb's alone. Without this, an Ingress or Service that also claims
 * it (the Ingress a Gslb references, say) would publish its own addresses beside the Gslb's answer
 * under another set identifier, and clients would get both clusters during a failover.
 */
final class GslbPrecedence {

    private GslbPrecedence() {
    }

    /**
     * {@code plain} without the names the Gslbs claim (published or not: a balanced name answering NXDOMAIN is still
     * the Gslb's); each dropped record is reported on its object.
     */
    static SourceResult apply(SourceResult plain, Set<DnsName> taken) {
        if (taken.isEmpty()) {
            return plain;
        }
        List<Endpoint> kept = new ArrayList<>();
        List<Problem> problems = new ArrayList<>(plain.problems());
        for (Endpoint e : plain.endpoints()) {
            if (!taken.contains(e.name())) {
                kept.add(e);
            } else {
                problems.add(new Problem(e.metadata().resource(), "(hostname)", e.name()
                        + " is balanced by a Gslb, which publishes its answer; this object's " + e.type() + " record for it is left out"));
            }
        }
        return new SourceResult(kept, problems);
    }
}
