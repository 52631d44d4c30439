package dev.wayfinder.gslb.status;

import dev.wayfinder.gslb.api.GslbSpec;
import dev.wayfinder.gslb.strategy.HostOutcome;
import java.util.List;

/**
 * Makes a pass's outcome visible: the Gslb's status subresource, an Event whenever a host's answer
 * or a condition changes (with the reason), and metrics. Called after every pass with each Gslb's outcomes.
 */
public interface GslbReporter {

    GslbReporter NONE = (gslb, outcomes, served, conditions) -> { };

    /**
     * @param served     what k8gb also writes to the status: the exposed addresses and the hosts' backing Services
     * @param conditions the Gslb's conditions ({@link GslbConditions}), in the status and, on a change, as Events
     */
    void report(GslbSpec gslb, List<HostOutcome> outcomes, GslbStatus.Served served, List<GslbStatus.Condition> conditions);

    /** Without the exposed addresses, backing Services and conditions. */
    default void report(GslbSpec gslb, List<HostOutcome> outcomes) {
        report(gslb, outcomes, GslbStatus.Served.NONE, List.of());
    }

    /** Without conditions. */
    default void report(GslbSpec gslb, List<HostOutcome> outcomes, GslbStatus.Served served) {
        report(gslb, outcomes, served, List.of());
    }

    /** Without the exposed addresses and backing Services. */
    default void report(GslbSpec gslb, List<HostOutcome> outcomes, List<GslbStatus.Condition> conditions) {
        report(gslb, outcomes, GslbStatus.Served.NONE, conditions);
    }

    /** One pass over the Gslb {@code namespace/name} ended without a problem ({@code ok}) or with one (k8gb's loops and errors). */
    default void passed(String namespace, String name, boolean ok) {
    }

    /**
     * The Gslb is gone (deleted, or no longer watched): drop what is kept about it, its metrics included.
     * Nothing is written to the API. Implementations that keep nothing need not override it.
     */
    default void forget(GslbSpec gslb) {
    }
}
