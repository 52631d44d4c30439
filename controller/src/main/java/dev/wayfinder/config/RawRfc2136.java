package dev.wayfinder.config;

import java.util.List;
import java.util.Objects;

/**
 * The {@code --rfc2136-*} flags exactly as given, before {@link ControllerConfig#from} checks them.
 * {@link #toString()} redacts the TSIG secret and the Kerberos password.
 */
public record RawRfc2136(
        List<String> hosts, int port, List<String> zones,
        String tsigKeyname, String tsigSecret, String tsigSecretAlg, boolean tsigAxfr, boolean insecure,
        String minTtl, int batchChangeSize,
        boolean gssTsig, String kerberosUsername, String kerberosPassword, String kerberosRealm) {

    /** ExternalDNS's defaults, for callers that configure no RFC 2136 server. */
    public static final RawRfc2136 DEFAULTS = new RawRfc2136(List.of(), 53, List.of(), "", "", "hmac-sha256", true, false, "0s", 50,
            false, "", "", "");

    public RawRfc2136 {
        hosts = List.copyOf(Objects.requireNonNullElse(hosts, List.of()));
        zones = List.copyOf(Objects.requireNonNullElse(zones, List.of()));
    }

    @Override
    public String toString() {
        return "RawRfc2136{hosts=" + hosts + ", port=" + port + ", zones=" + zones + ", tsigKeyname=" + tsigKeyname
                + ", tsigSecret=" + (tsigSecret == null || tsigSecret.isEmpty() ? "<none>" : "<redacted>")
                + ", tsigSecretAlg=" + tsigSecretAlg + ", tsigAxfr=" + tsigAxfr + ", insecure=" + insecure + ", minTtl=" + minTtl
                + ", batchChangeSize=" + batchChangeSize + ", gssTsig=" + gssTsig + ", kerberosUsername=" + kerberosUsername
                + ", kerberosPassword=" + (kerberosPassword == null || kerberosPassword.isEmpty() ? "<none>" : "<redacted>")
                + ", kerberosRealm=" + kerberosRealm + "}";
    }
}
