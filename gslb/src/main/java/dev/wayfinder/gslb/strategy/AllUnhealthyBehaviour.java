package dev.wayfinder.gslb.strategy;

/** What {@code <host>} answers when no cluster has a healthy target. */
public enum AllUnhealthyBehaviour {
    /** No record: NXDOMAIN, cached by resolvers only for the policy's short negative TTL. */
    NXDOMAIN,
    /** Keep publishing the previous decision's targets: some answer beats none during an outage of health data. */
    KEEP_LAST_KNOWN
}
