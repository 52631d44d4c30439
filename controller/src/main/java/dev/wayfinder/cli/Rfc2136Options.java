package dev.wayfinder.cli;

import dev.wayfinder.config.RawRfc2136;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** ExternalDNS's {@code --rfc2136-*} flags (also from {@code EXTERNAL_DNS_RFC2136_*}), used with {@code --provider=rfc2136}. */
final class Rfc2136Options {

    @Option(names = "--rfc2136-host", split = "\\r?\\n|,", description = "RFC 2136 server, host or host:port; repeatable (tried in order).")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--rfc2136-port", defaultValue = "0", description = "Port for hosts given without one; 0: 53. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--rfc2136-zone", split = "\\r?\\n|,", description = "Zone to manage; repeatable. Also limits the names this provider handles.")
    List<String> zones = new ArrayList<>();

    @Option(names = "--rfc2136-tsig-keyname", description = "TSIG key name.")
    String tsigKeyname = "";

    // No ${DEFAULT-VALUE} in the description: the secret may come from the environment and must not show in --help.
    @Option(names = "--rfc2136-tsig-secret", description = "TSIG secret, base64 (prefer EXTERNAL_DNS_RFC2136_TSIG_SECRET). Never logged.")
    String tsigSecret = "";

    @Option(names = "--rfc2136-tsig-secret-alg", defaultValue = "hmac-sha256", description = "hmac-sha1, hmac-sha224, hmac-sha256,"
            + " hmac-sha384 or hmac-sha512. Default: ${DEFAULT-VALUE}.")
    String tsigSecretAlg;

    // ExternalDNS reads the zones by AXFR only with --rfc2136-axfr (or its deprecated --rfc2136-tsig-axfr); here they are
    // always read that way, signed with the TSIG key when one is set, so both flags are accepted and change nothing.
    @Option(names = "--rfc2136-axfr", negatable = true, arity = "0..1", fallbackValue = "true",
            description = "Accepted: the zones are always read by AXFR here (signed with the TSIG key when one is set).")
    boolean axfr;

    @Option(names = "--rfc2136-tsig-axfr", negatable = true, arity = "0..1", fallbackValue = "true", hidden = true)
    boolean tsigAxfr;

    @Option(names = "--rfc2136-insecure", negatable = true, arity = "0..1", fallbackValue = "true", description = "No TSIG at all.")
    boolean insecure;

    @Option(names = "--rfc2136-min-ttl", defaultValue = "0s", description = "Minimum TTL written (a duration). Default: ${DEFAULT-VALUE}.")
    String minTtl;

    @Option(names = "--rfc2136-batch-change-size", defaultValue = "50", description = "Record-set changes per UPDATE message."
            + " Default: ${DEFAULT-VALUE}.")
    int batchChangeSize;

    @Option(names = "--rfc2136-gss-tsig", negatable = true, arity = "0..1", fallbackValue = "true", description = "Sign with GSS-TSIG (Kerberos) instead of a TSIG key.")
    boolean gssTsig;

    @Option(names = "--rfc2136-kerberos-username", description = "Kerberos user for GSS-TSIG.")
    String kerberosUsername = "";

    @Option(names = "--rfc2136-kerberos-password", description = "Kerberos password for GSS-TSIG (prefer the variable). Never logged.")
    String kerberosPassword = "";

    @Option(names = "--rfc2136-kerberos-realm", description = "Kerberos realm for GSS-TSIG.")
    String kerberosRealm = "";

    RawRfc2136 raw() {
        return new RawRfc2136(hosts, port == 0 ? 53 : port, zones, tsigKeyname, tsigSecret, tsigSecretAlg, true, insecure, minTtl, batchChangeSize,
                gssTsig, kerberosUsername, kerberosPassword, kerberosRealm);
    }
}
