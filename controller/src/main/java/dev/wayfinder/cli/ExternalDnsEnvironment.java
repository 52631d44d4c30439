package dev.wayfinder.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Lets every flag come from the environment as ExternalDNS allows: {@code --txt-owner-id} from
 * {@code EXTERNAL_DNS_TXT_OWNER_ID}, and so on. As kingpin reads them, a repeatable flag's values are
 * newline-separated (commas work too), and a boolean takes Go's {@code strconv.ParseBool} forms
 * ({@code 1}, {@code t}, {@code true}, {@code 0}, {@code f}, {@code false}, any case). A flag on the
 * command line wins.
 *
 * <p>The GSLB flags that k8gb also has are read, when their {@code EXTERNAL_DNS_} variable is not
 * set, from k8gb's own variable ({@link #K8GB}), so a k8gb deployment's environment works unchanged
 * (k8gb v0.21 controllers/resolver/config.go lines 32-85). Two take k8gb's form: {@code RECONCILE_REQUEUE_SECONDS}
 * (whole seconds; 0, k8gb's "no periodic reconcile", keeps the default resync) and {@code EDGE_DNS_SERVER} with
 * {@code EDGE_DNS_SERVER_PORT} (k8gb's deprecated single server, used only without {@code EDGE_DNS_SERVERS}).
 */
final class ExternalDnsEnvironment implements CommandLine.IDefaultValueProvider {

    /** Flag → k8gb's environment variables for it, first set one wins (EDGE_DNS_SERVER is k8gb's deprecated single server). */
    static final Map<String, List<String>> K8GB = Map.of(
            "--cluster-geo-tag", List.of("CLUSTER_GEO_TAG"),
            "--ext-gslb-clusters-geo-tags", List.of("EXT_GSLB_CLUSTERS_GEO_TAGS"),
            "--edge-dns-server", List.of("EDGE_DNS_SERVERS"),
            "--edge-dns-zone", List.of("EDGE_DNS_ZONE"),
            "--cluster-exposed-ip", List.of("CLUSTER_EXPOSED_IPS"),
            "--ns-record-ttl", List.of("NS_RECORD_TTL"),
            "--dns-zones", List.of("DNS_ZONES"),
            "--dns-zone", List.of("DNS_ZONE"),
            "--gluea-prefix", List.of("GLUEA_PREFIX"));

    private final Map<String, String> env;

    /** Reads the process environment (what picocli instantiates). */
    ExternalDnsEnvironment() {
        this(System.getenv());
    }

    ExternalDnsEnvironment(Map<String, String> env) {
        this.env = env;
    }

    static String variable(String longName) {
        return "EXTERNAL_DNS_" + longName.replaceFirst("^--", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** Go's {@code strconv.ParseBool} forms as picocli's; anything else is left for picocli to refuse. */
    static String goBool(String value) {
        return switch (value.trim()) {
            case "1", "t", "T", "TRUE", "true", "True" -> "true";
            case "0", "f", "F", "FALSE", "false", "False" -> "false";
            default -> value;
        };
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (arg instanceof OptionSpec option) {
            String value = env.get(variable(option.longestName()));
            if (value != null && !value.isBlank()) {
                return option.type() == boolean.class || option.type() == Boolean.class ? goBool(value) : value;
            }
            for (String k8gb : K8GB.getOrDefault(option.longestName(), List.of())) {
                String v = env.get(k8gb);
                // GLUEA_PREFIX may be set empty on purpose (k8gb: "or even remove it by setting empty value").
                if (v != null && (!v.isBlank() || k8gb.equals("GLUEA_PREFIX"))) {
                    return v;
                }
            }
            String special = k8gbForm(option.longestName());
            if (special != null) {
                return special;
            }
        }
        return arg.defaultValue();
    }

    /** The k8gb variables that need their value reshaped for the flag, or null. */
    private String k8gbForm(String flag) {
        if (flag.equals("--interval")) {
            String seconds = env.get("RECONCILE_REQUEUE_SECONDS");
            return seconds != null && seconds.trim().matches("\\d{1,9}") && Long.parseLong(seconds.trim()) > 0 ? seconds.trim() + "s" : null;
        }
        if (flag.equals("--edge-dns-server")) {
            // k8gb's fallback: "<EDGE_DNS_SERVER>:<EDGE_DNS_SERVER_PORT>" (controllers/resolver/config_edgedns.go lines 64-66).
            String host = env.get("EDGE_DNS_SERVER");
            String port = env.get("EDGE_DNS_SERVER_PORT");
            if (host == null || host.isBlank()) {
                return null;
            }
            return port == null || port.isBlank() || host.contains(":") ? host.trim() : host.trim() + ":" + port.trim();
        }
        return null;
    }
}
