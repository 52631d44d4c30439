/**
 * Cross-cluster push: a change of this cluster's {@code localtargets-<host>} is announced to the peers at once by a
 * TSIG-signed DNS NOTIFY (RFC 1996) to a small UDP listener of each peer's controller, which then asks the notifying
 * cluster's nameservers for that host at once, through the same query path as its polls. A NOTIFY is only a hint:
 * nothing in it is taken as data. Polling stays the fallback for anything a NOTIFY misses.
 */
package dev.wayfinder.gslb.push;
