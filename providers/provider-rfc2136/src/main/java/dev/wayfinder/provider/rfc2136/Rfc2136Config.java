package dev.wayfinder.provider.rfc2136;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * How to reach an RFC 2136 server. Each field is named after the ExternalDNS flag that sets it, so an
 * ExternalDNS deployment's arguments carry over; {@link #validate()} lists every violation at once.
 *
 * @param hosts           {@code --rfc2136-host} (repeatable): the servers, tried in order; {@code host} or {@code host:port}
 * @param port            {@code --rfc2136-port}: for hosts given without a port
 * @param zones           {@code --rfc2136-zone} (repeatable): a name goes to the longest zone it lies in
 * @param tsigKeyname     {@code --rfc2136-tsig-keyname}
 * @param tsigSecret      {@code --rfc2136-tsig-secret}: base64; never logged
 * @param tsigSecretAlg   {@code --rfc2136-tsig-secret-alg}: hmac-sha1 … hmac-sha512
 * @param tsigAxfr        {@code --rfc2136-tsig-axfr}: sign zone transfers too
 * @param insecure        {@code --rfc2136-insecure}: no TSIG at all
 * @param minTtl          {@code --rfc2136-min-ttl}: written TTL = max(min TTL, record TTL)
 * @param batchChangeSize {@code --rfc2136-batch-change-size}: record-set changes per UPDATE message (whole names are never split)
 * @param timeout         per request (one UPDATE, one AXFR)
 * @param attempts        rounds over all hosts before a transient failure is reported
 * @param retryBackoff    wait before the second round; doubled for each further round
 * @param gssTsig         {@code --rfc2136-gss-tsig}: sign with GSS-TSIG (Kerberos, Windows secure updates) instead of a TSIG key
 * @param kerberosUsername {@code --rfc2136-kerberos-username}
 * @param kerberosPassword {@code --rfc2136-kerberos-password}: never logged
 * @param kerberosRealm   {@code --rfc2136-kerberos-realm}: upper-cased, as ExternalDNS does
 */
public record Rfc2136Config(
        List<String> hosts, int port, List<DnsName> zones,
        String tsigKeyname, String tsigSecret, String tsigSecretAlg, boolean tsigAxfr, boolean insecure,
        Duration minTtl, int batchChangeSize, Duration timeout, int attempts, Duration retryBackoff,
        boolean gssTsig, String kerberosUsername, String kerberosPassword, String kerberosRealm) {

    /** The TTL written for a record set that asks for none (CoreDNS's default, too). */
    public static final long DEFAULT_TTL = 300;

    public Rfc2136Config {
        hosts = List.copyOf(Objects.requireNonNullElse(hosts, List.of()));
        zones = List.copyOf(Objects.requireNonNullElse(zones, List.of()));
        tsigKeyname = Objects.requireNonNullElse(tsigKeyname, "");
        tsigSecret = Objects.requireNonNullElse(tsigSecret, "");
        tsigSecretAlg = Objects.requireNonNullElse(tsigSecretAlg, "");
        minTtl = Objects.requireNonNullElse(minTtl, Duration.ZERO);
        timeout = Objects.requireNonNullElse(timeout, Duration.ofSeconds(5));
        retryBackoff = Objects.requireNonNullElse(retryBackoff, Duration.ofMillis(500));
        kerberosUsername = Objects.requireNonNullElse(kerberosUsername, "");
        kerberosPassword = Objects.requireNonNullElse(kerberosPassword, "");
        kerberosRealm = Objects.requireNonNullElse(kerberosRealm, "").toUpperCase(java.util.Locale.ROOT);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every violation, each naming its flag; empty when the config is usable. */
    public List<String> validate() {
        List<String> v = new ArrayList<>();
        if (hosts.isEmpty()) {
            v.add("--rfc2136-host: at least one server is required");
        }
        for (String h : hosts) {
            try {
                parseHost(h, port);
            } catch (IllegalArgumentException e) {
                v.add("--rfc2136-host: " + e.getMessage());
            }
        }
        if (port < 1 || port > 65535) {
            v.add("--rfc2136-port: must be between 1 and 65535, got " + port);
        }
        if (zones.isEmpty()) {
            v.add("--rfc2136-zone: at least one zone is required");
        }
        if (gssTsig) {
            validateKerberos(v);
        } else if (!insecure) {
            validateTsig(v);
        }
        if (minTtl.isNegative() || minTtl.toSeconds() > Endpoint.MAX_TTL) {
            v.add("--rfc2136-min-ttl: must be between 0s and " + Endpoint.MAX_TTL + "s, got " + minTtl);
        }
        if (batchChangeSize < 1) {
            v.add("--rfc2136-batch-change-size: must be at least 1, got " + batchChangeSize);
        }
        if (timeout.isZero() || timeout.isNegative()) {
            v.add("rfc2136 timeout: must be positive, got " + timeout);
        }
        if (attempts < 1) {
            v.add("rfc2136 attempts: must be at least 1, got " + attempts);
        }
        if (retryBackoff.isNegative()) {
            v.add("rfc2136 retry backoff: must not be negative, got " + retryBackoff);
        }
        return v;
    }

    private void validateTsig(List<String> v) {
        if (tsigKeyname.isBlank()) {
            v.add("--rfc2136-tsig-keyname: required unless --rfc2136-insecure is set");
        }
        if (tsigSecret.isBlank()) {
            v.add("--rfc2136-tsig-secret: required unless --rfc2136-insecure is set");
        } else {
            try {
                Base64.getDecoder().decode(tsigSecret.trim());
            } catch (IllegalArgumentException e) {
                v.add("--rfc2136-tsig-secret: is not valid base64 (the value is not shown)");
            }
        }
        try {
            TsigAlgorithm.parse(tsigSecretAlg);
        } catch (IllegalArgumentException e) {
            v.add("--rfc2136-tsig-secret-alg: " + e.getMessage());
        }
    }

    private void validateKerberos(List<String> v) {
        if (insecure) {
            v.add("--rfc2136-gss-tsig: cannot be combined with --rfc2136-insecure");
        }
        if (kerberosUsername.isBlank()) {
            v.add("--rfc2136-kerberos-username: required with --rfc2136-gss-tsig");
        }
        if (kerberosPassword.isEmpty()) {
            v.add("--rfc2136-kerberos-password: required with --rfc2136-gss-tsig");
        }
        if (kerberosRealm.isBlank() && !kerberosUsername.contains("@")) {
            v.add("--rfc2136-kerberos-realm: required with --rfc2136-gss-tsig unless the username is user@REALM");
        }
    }

    /** The Kerberos principal GSS-TSIG logs in as: {@code user@REALM}. */
    public String kerberosPrincipal() {
        return kerberosUsername.contains("@") || kerberosRealm.isEmpty() ? kerberosUsername : kerberosUsername + "@" + kerberosRealm;
    }

    /** The configured algorithm; only call on a valid config. */
    public TsigAlgorithm tsigAlgorithm() {
        return TsigAlgorithm.parse(tsigSecretAlg);
    }

    /** The servers as socket addresses (unresolved names are resolved per request by dnsjava). */
    public List<InetSocketAddress> servers() {
        return hosts.stream().map(h -> parseHost(h, port)).toList();
    }

    /** {@code host}, {@code host:port}, {@code [v6]:port} or a bare IPv6 literal. */
    static InetSocketAddress parseHost(String host, int defaultPort) {
        String h = host == null ? "" : host.trim();
        if (h.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        String addr = h;
        int p = defaultPort;
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + host + "' has no closing ']'");
            }
            addr = h.substring(1, close);
            if (close + 1 < h.length()) {
                p = portOf(host, h.substring(close + 1));
            }
        } else if (h.indexOf(':') >= 0 && h.indexOf(':') == h.lastIndexOf(':')) {
            addr = h.substring(0, h.indexOf(':'));
            p = portOf(host, h.substring(h.indexOf(':')));
        }
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("'" + host + "': port must be between 1 and 65535");
        }
        return InetSocketAddress.createUnresolved(addr, p);
    }

    private static int portOf(String host, String colonPort) {
        if (!colonPort.startsWith(":")) {
            throw new IllegalArgumentException("'" + host + "' is not host:port");
        }
        try {
            return Integer.parseInt(colonPort.substring(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + host + "' has a port that is not a number");
        }
    }

    /** The TSIG key as logs may show it: name and algorithm, never the secret. */
    public String keyDescription() {
        if (gssTsig) {
            return "GSS-TSIG as " + kerberosPrincipal();
        }
        return insecure ? "no TSIG key (--rfc2136-insecure)" : "TSIG key '" + tsigKeyname + "' (" + tsigSecretAlg + ")";
    }

    @Override
    public String toString() {
        return "Rfc2136Config{hosts=" + hosts + ", port=" + port + ", zones=" + zones
                + ", tsigKeyname=" + tsigKeyname + ", tsigSecret=" + (tsigSecret.isEmpty() ? "<none>" : "<redacted>")
                + ", tsigSecretAlg=" + tsigSecretAlg + ", tsigAxfr=" + tsigAxfr + ", insecure=" + insecure
                + ", minTtl=" + minTtl + ", batchChangeSize=" + batchChangeSize + ", timeout=" + timeout
                + ", attempts=" + attempts + ", retryBackoff=" + retryBackoff + ", gssTsig=" + gssTsig
                + ", kerberosUsername=" + kerberosUsername + ", kerberosPassword=" + (kerberosPassword.isEmpty() ? "<none>" : "<redacted>")
                + ", kerberosRealm=" + kerberosRealm + "}";
    }

    /** Starts from ExternalDNS's defaults (port 53, batch size 50, TSIG on transfers). */
    public static final class Builder {
        private List<String> hosts = List.of();
        private int port = 53;
        private List<DnsName> zones = List.of();
        private String tsigKeyname = "";
        private String tsigSecret = "";
        private String tsigSecretAlg = TsigAlgorithm.HMAC_SHA256.text();
        private boolean tsigAxfr = true;
        private boolean insecure;
        private Duration minTtl = Duration.ZERO;
        private int batchChangeSize = 50;
        private Duration timeout = Duration.ofSeconds(5);
        private int attempts = 3;
        private Duration retryBackoff = Duration.ofMillis(500);
        private boolean gssTsig;
        private String kerberosUsername = "";
        private String kerberosPassword = "";
        private String kerberosRealm = "";

        public Builder hosts(List<String> v) { hosts = v; return this; }
        public Builder host(String v) { hosts = List.of(v); return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder zones(List<String> v) { zones = v.stream().map(DnsName::of).toList(); return this; }
        public Builder zone(String v) { zones = List.of(DnsName.of(v)); return this; }
        public Builder tsigKeyname(String v) { tsigKeyname = v; return this; }
        public Builder tsigSecret(String v) { tsigSecret = v; return this; }
        public Builder tsigSecretAlg(String v) { tsigSecretAlg = v; return this; }
        public Builder tsigAxfr(boolean v) { tsigAxfr = v; return this; }
        public Builder insecure(boolean v) { insecure = v; return this; }
        public Builder minTtl(Duration v) { minTtl = v; return this; }
        public Builder batchChangeSize(int v) { batchChangeSize = v; return this; }
        public Builder timeout(Duration v) { timeout = v; return this; }
        public Builder attempts(int v) { attempts = v; return this; }
        public Builder retryBackoff(Duration v) { retryBackoff = v; return this; }
        public Builder gssTsig(boolean v) { gssTsig = v; return this; }
        public Builder kerberosUsername(String v) { kerberosUsername = v; return this; }
        public Builder kerberosPassword(String v) { kerberosPassword = v; return this; }
        public Builder kerberosRealm(String v) { kerberosRealm = v; return this; }

        public Rfc2136Config build() {
            return new Rfc2136Config(hosts, port, zones, tsigKeyname, tsigSecret, tsigSecretAlg, tsigAxfr, insecure,
                    minTtl, batchChangeSize, timeout, attempts, retryBackoff, gssTsig, kerberosUsername, kerberosPassword, kerberosRealm);
        }
    }
}
