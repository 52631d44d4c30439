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
 * set, from k8gb's own variable ({@link #K8GB}), so a k8gb deployment's environment works unchanged.
 */
final class ExternalDnsEnvironment implements CommandLine.IDefaultValueProvider {

    /** Flag → k8gb's environment variables for it, first set one wins (EDGE_DNS_SERVER is k8gb's deprecated single server). */
    static final Map<String, List<String>> K8GB = Map.of(
            "--cluster-geo-tag", List.of("CLUSTER_GEO_TAG"),
            "--ext-gslb-clusters-geo-tags", List.of("EXT_GSLB_CLUSTERS_GEO_TAGS"),
            "--edge-dns-server", List.of("EDGE_DNS_SERVERS", "EDGE_DNS_SERVER"),
            "--edge-dns-zone", List.of("EDGE_DNS_ZONE"),
            "--cluster-exposed-ip", List.of("CLUSTER_EXPOSED_IPS"),
            "--ns-record-ttl", List.of("NS_RECORD_TTL"));

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
                if (v != null && !v.isBlank()) {
                    return v;
                }
            }
        }
        return arg.defaultValue();
    }
}
