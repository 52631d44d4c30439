package dev.wayfinder.cli.flags;

import static dev.wayfinder.cli.flags.FlagRow.defaultOnly;
import static dev.wayfinder.cli.flags.FlagRow.implemented;
import static dev.wayfinder.cli.flags.FlagRow.noEffect;

import java.util.List;

/** ExternalDNS's flags for the providers this controller has: coredns (etcd), rfc2136, inmemory. */
final class ProviderFlags {

    private ProviderFlags() {
    }

    private static final String NO_DOT = "DNS over TLS to the RFC 2136 server is not implemented; reach it over TCP/UDP 53";

    static final List<FlagRow> ROWS = List.of(
            implemented("provider", "", "coredns (alias skydns), rfc2136 or inmemory; repeatable, each planned on its own"),
            implemented("coredns-prefix", "/skydns/", "etcd key prefix: CoreDNS's etcd path"),
            FlagRow.implemented("coredns-strictly-owned", "false", "values carry their owner; other owners' values under one name are left alone"),
            noEffect("inmemory-zone", "", "the inmemory provider here needs no zones: it holds whatever the domain filter admits"),
            implemented("rfc2136-host", "", "RFC 2136 server, host or host:port; repeatable (tried in order)"),
            implemented("rfc2136-port", "0", "port of hosts given without one; 0 means 53"),
            implemented("rfc2136-zone", "", "zones to manage; repeatable"),
            implemented("rfc2136-insecure", "false", "no TSIG at all"),
            implemented("rfc2136-tsig-keyname", "", "TSIG key name"),
            implemented("rfc2136-tsig-secret", "", "TSIG secret, base64 (prefer EXTERNAL_DNS_RFC2136_TSIG_SECRET)"),
            FlagRow.differs("rfc2136-tsig-secret-alg", "", "hmac-sha256", "hmac-sha1, -sha224, -sha256, -sha384 or -sha512"),
            FlagRow.alwaysOn("rfc2136-axfr", "false", "the zones are always read by AXFR (signed with the TSIG key when one is set);"
                    + " without it ExternalDNS cannot update or delete"),
            FlagRow.alwaysOn("rfc2136-tsig-axfr", "false", "deprecated name of --rfc2136-axfr"),
            implemented("rfc2136-min-ttl", "0s", "shortest TTL written"),
            implemented("rfc2136-batch-change-size", "50", "record-set changes per UPDATE message"),
            implemented("rfc2136-gss-tsig", "false", "sign with GSS-TSIG (Kerberos) instead of a TSIG key"),
            implemented("rfc2136-kerberos-username", "", "Kerberos user for GSS-TSIG"),
            implemented("rfc2136-kerberos-password", "", "Kerberos password for GSS-TSIG"),
            implemented("rfc2136-kerberos-realm", "", "Kerberos realm for GSS-TSIG"),
            defaultOnly("rfc2136-load-balancing-strategy", "disabled", "only disabled: the hosts are tried in order, each failing over"
                    + " to the next"),
            defaultOnly("rfc2136-use-tls", "false", NO_DOT),
            defaultOnly("rfc2136-skip-tls-verify", "false", NO_DOT),
            defaultOnly("tls-ca", "", NO_DOT),
            defaultOnly("tls-client-cert", "", NO_DOT),
            defaultOnly("tls-client-cert-key", "", NO_DOT));
}
