package dev.wayfinder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.gslb.settings.RawGslb;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The GSLB flags from k8gb's environment variables: the command line, then EXTERNAL_DNS_*, then k8gb's name, then the default. */
class GslbEnvironmentTest {

    @Command(name = "t")
    static final class Holder {
        @Mixin
        GslbOptions gslb = new GslbOptions();
    }

    private static RawGslb parse(Map<String, String> env, String... args) {
        Holder h = new Holder();
        CommandLine cl = new CommandLine(h);
        cl.setDefaultValueProvider(new ExternalDnsEnvironment(env));
        cl.parseArgs(args);
        return h.gslb.raw();
    }

    static Stream<Arguments> k8gbNames() {
        return Stream.of(
                Arguments.of("CLUSTER_GEO_TAG", "eu-ams", (Extract) RawGslb::clusterGeoTag, "eu-ams"),
                Arguments.of("EXT_GSLB_CLUSTERS_GEO_TAGS", "us-nyc,us-buf", (Extract) RawGslb::extGslbClustersGeoTags,
                        List.of("us-nyc", "us-buf")),
                Arguments.of("EDGE_DNS_SERVERS", "10.0.0.53,10.0.1.53:5353", (Extract) RawGslb::edgeDnsServers,
                        List.of("10.0.0.53", "10.0.1.53:5353")),
                Arguments.of("EDGE_DNS_SERVER", "10.0.0.53", (Extract) RawGslb::edgeDnsServers, List.of("10.0.0.53")),
                Arguments.of("EDGE_DNS_ZONE", "foowidgets.k8s", (Extract) RawGslb::edgeDnsZone, "foowidgets.k8s"),
                Arguments.of("CLUSTER_EXPOSED_IPS", "192.0.2.10,192.0.2.11", (Extract) RawGslb::exposedIps, List.of("192.0.2.10", "192.0.2.11")),
                Arguments.of("NS_RECORD_TTL", "60", (Extract) RawGslb::nsRecordTtl, 60L),
                // k8gb's chart sets DNS_ZONES to parent:zone:negttl;... (chart/k8gb/templates/deployment.yaml line 79-80).
                Arguments.of("DNS_ZONES", "example.com:cloud.example.com:30", (Extract) RawGslb::dnsZones, "example.com:cloud.example.com:30"),
                Arguments.of("DNS_ZONE", "cloud.example.com", (Extract) RawGslb::dnsZone, "cloud.example.com"),
                Arguments.of("GLUEA_PREFIX", "ns-", (Extract) RawGslb::glueAPrefix, "ns-"),
                Arguments.of("GLUEA_PREFIX", "", (Extract) RawGslb::glueAPrefix, ""));
    }

    interface Extract {
        Object from(RawGslb raw);
    }

    @ParameterizedTest
    @MethodSource
    void k8gbNames(String variable, String value, Extract field, Object expected) {
        assertThat(field.from(parse(Map.of(variable, value)))).isEqualTo(expected);
    }

    @Test
    void theCommandLineWinsThenExternalDnsNamesThenK8gbNames() {
        Map<String, String> env = Map.of("CLUSTER_GEO_TAG", "from-k8gb", "EXTERNAL_DNS_CLUSTER_GEO_TAG", "from-external-dns",
                "EDGE_DNS_SERVERS", "10.0.0.53", "EDGE_DNS_SERVER", "10.9.9.9", "EDGE_DNS_ZONE", "from.k8gb");

        RawGslb raw = parse(env, "--edge-dns-zone", "from.flag");

        assertThat(raw.clusterGeoTag()).isEqualTo("from-external-dns");
        assertThat(raw.edgeDnsServers()).containsExactly("10.0.0.53");
        assertThat(raw.edgeDnsZone()).isEqualTo("from.flag");
    }

    /** k8gb's deprecated single edge server and its port (controllers/resolver/config_edgedns.go lines 64-66), only without EDGE_DNS_SERVERS. */
    @Test
    void theDeprecatedEdgeServerTakesItsPort() {
        assertThat(parse(Map.of("EDGE_DNS_SERVER", "10.0.0.53", "EDGE_DNS_SERVER_PORT", "5353")).edgeDnsServers())
                .containsExactly("10.0.0.53:5353");
        assertThat(parse(Map.of("EDGE_DNS_SERVER", "10.0.0.53")).edgeDnsServers()).containsExactly("10.0.0.53");
        assertThat(parse(Map.of("EDGE_DNS_SERVERS", "10.0.1.53", "EDGE_DNS_SERVER", "10.0.0.53", "EDGE_DNS_SERVER_PORT", "5353"))
                .edgeDnsServers()).containsExactly("10.0.1.53");
    }

    @Command(name = "i")
    static final class Interval {
        @picocli.CommandLine.Option(names = "--interval", defaultValue = "1m")
        String interval;
    }

    /** k8gb's RECONCILE_REQUEUE_SECONDS (whole seconds) is the periodic pass; 0, k8gb's "events only", keeps the default resync. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"30, 30s", "10, 10s", "0, 1m", "soon, 1m"})
    void theReconcileRequeueIsTheResyncInterval(String seconds, String interval) {
        Interval i = new Interval();
        CommandLine cl = new CommandLine(i);
        cl.setDefaultValueProvider(new ExternalDnsEnvironment(Map.of("RECONCILE_REQUEUE_SECONDS", seconds)));
        cl.parseArgs();
        assertThat(i.interval).isEqualTo(interval);
    }

    @Test
    void withoutAnyVariableTheDefaultsHold() {
        assertThat(parse(Map.of())).isEqualTo(RawGslb.DEFAULTS);
    }
}
