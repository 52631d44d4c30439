package dev.wayfinder.server.transport.rrl;

import dev.wayfinder.server.transport.DnsWire;

/**
 * The response classes rate limiting counts apart, as BIND does: answers and empty answers are
 * counted per name and type, NXDOMAIN per zone (so random names under one zone share a bucket),
 * errors (REFUSED, FORMERR, SERVFAIL, NOTIMP…) per client network alone.
 */
enum ResponseKind {
    ANSWER, NODATA, NXDOMAIN, ERROR;

    private static final int NOERROR = 0;
    private static final int NXDOMAIN_RCODE = 3;

    /** The class of a reply from its header: rcode and answer count. */
    static ResponseKind of(int rcode, int answers) {
        if (rcode == NOERROR) {
            return answers > 0 ? ANSWER : NODATA;
        }
        return rcode == NXDOMAIN_RCODE ? NXDOMAIN : ERROR;
    }

    static ResponseKind of(byte[] reply) {
        return of(DnsWire.rcode(reply), DnsWire.count(reply, 1));
    }
}
