package dev.wayfinder.cli;

import dev.wayfinder.config.RawRfc2136;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** ExternalDNS's {@code --rfc2136-*} flags (also from {@code EXTERNAL_DNS_RFC2136_*}), used with {@code --provider=rfc2136}. */
final class Rfc2136Options {

    @Option(names = "--rfc2136-host", split = ",", description = "RFC 2136 server, host or host:port; repeatable (tried in order).")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--rfc2136-port", defaultValue = "53", description = "Port for hosts given without one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--rfc2136-zone", split = ",", description = "Zone to manage; repeatable. Also limits the names this provider handles.")
    List<String> zones = new ArrayList<>();

    @Option(names = "--rfc2136-tsig-keyname", description = "TSIG key name.")
    String tsigKeyname = "";

    // No ${DEFAULT-VALUE} in the description: the secret may come from the environment and must not show in --help.
    @Option(names = "--rfc2136-tsig-secret", description = "TSIG secret, base64 (prefer EXTERNAL_DNS_RFC2136_TSIG_SECRET). Never logged.")
    String tsigSecret = "";

    @Option(names = "--rfc2136-tsig-secret-alg", defaultValue = "hmac-sha256", description = "hmac-sha1, hmac-sha224, hmac-sha256,"
            + " hmac-sha384 or hmac-sha512. Default: ${DEFAULT-VALUE}.")
    String tsigSecretAlg;

    @Option(names = "--rfc2136-tsig-axfr", arity = "0..1", defaultValue = "true", fallbackValue = "true",
            description = "Sign zone transfers with the TSIG key too. Default: ${DEFAULT-VALUE}.")
    boolean tsigAxfr;

    @Option(names = "--rfc2136-insecure", description = "No TSIG at all.")
    boolean insecure;

    @Option(names = "--rfc2136-min-ttl", defaultValue = "0s", description = "Minimum TTL written (a duration). Default: ${DEFAULT-VALUE}.")
    String minTtl;

    @Option(names = "--rfc2136-batch-change-size", defaultValue = "50", description = "Record-set changes per UPDATE message."
            + " Default: ${DEFAULT-VALUE}.")
    int batchChangeSize;

    @Option(names = "--rfc2136-gss-tsig", description = "Sign with GSS-TSIG (Kerberos) instead of a TSIG key.")
    boolean gssTsig;

    @Option(names = "--rfc2136-kerberos-username", description = "Kerberos user for GSS-TSIG.")
    String kerberosUsername = "";

    @Option(names = "--rfc2136-kerberos-password", description = "Kerberos password for GSS-TSIG (prefer the variable). Never logged.")
    String kerberosPassword = "";

    @Option(names = "--rfc2136-kerberos-realm", description = "Kerberos realm for GSS-TSIG.")
    String kerberosRealm = "";

    RawRfc2136 raw() {
        return new RawRfc2136(hosts, port, zones, tsigKeyname, tsigSecret, tsigSecretAlg, tsigAxfr, insecure, minTtl, batchChangeSize,
                gssTsig, kerberosUsername, kerberosPassword, kerberosRealm);
    }
}
