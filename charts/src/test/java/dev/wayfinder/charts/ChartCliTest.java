package dev.wayfinder.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.wayfinder.cli.ControllerCommand;
import dev.wayfinder.cli.Main;
import dev.wayfinder.config.ControllerConfig;
import dev.wayfinder.config.InvalidConfigException;
import dev.wayfinder.config.RawSettings;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The chart's command lines mean what the chart says, checked by the real {@code wayfinder} CLI: the controller's and
 * {@code wayfinder dns}'s arguments parse (a renamed flag fails the build) and pass the controller's own configuration
 * checks with the pod's environment, and CoreDNS's zone block is what {@code wayfinder corefile} prints.
 */
class ChartCliTest {

    /** Stands in for values the kubelet injects from Secrets (valid base64, as a TSIG secret must be). */
    static final String SECRET_STAND_IN = "c3RhbmQtaW4tc2VjcmV0";

    @TempDir
    static Path tlsFiles;

    @BeforeAll
    static void clientCertificates() throws IOException {
        // The configuration checks insist the etcd TLS files exist; the chart mounts them here in these renders.
        for (String f : List.of("ca.crt", "tls.crt", "tls.key")) {
            Files.writeString(tlsFiles.resolve(f), "stand-in for " + f);
        }
    }

    static Stream<Arguments> releases() {
        return Stream.of(
                Arguments.of("defaults", List.of(), Map.of()),
                Arguments.of("us-buf", List.of("us-buf.yaml"), Map.of()),
                Arguments.of("us-nyc", List.of("us-nyc.yaml"), Map.of()),
                Arguments.of("k8gb's own values.yaml, unchanged", List.of(ChartK8gbValuesTest.K8GB_VALUES.toString()), Map.of()),
                Arguments.of("us-buf with direct peers", List.of("us-buf.yaml"),
                        Map.of("gslb.peers[0].geoTag", "us-nyc", "gslb.peers[0].host", "192.0.2.20", "gslb.peers[0].port", 53,
                                "gslb.peers[1].geoTag", "eu-ams", "gslb.peers[1].host", "198.51.100.7")),
                Arguments.of("etcd TLS", List.of("etcd-tls.yaml"), Map.of("etcd.clientTlsMountPath", "TLS")),
                Arguments.of("wayfinder dns", List.of("wayfinder-dns.yaml"), Map.of()),
                Arguments.of("rfc2136 with GSS-TSIG (Windows DNS)", List.of(), gssTsig()),
                Arguments.of("external etcd with login", List.of(), Map.of("etcd.enabled", false,
                        "etcd.external.endpoints[0]", "https://etcd-a.example.net:2379", "etcd.external.endpoints[1]", "https://etcd-b.example.net:2379",
                        "etcd.external.tlsSecretName", "etcd-ca", "etcd.external.username", "wayfinder",
                        "etcd.external.passwordSecret.name", "etcd-login", "etcd.clientTlsMountPath", "TLS",
                        "extraDnsZones[0]", "apps.example.test", "controller.txtOwnerId", "cluster-a")));
    }

    static Map<String, Object> gssTsig() {
        return Map.of("dnsZone", "k8s.corp.example", "rfc2136.enabled", true, "rfc2136.host[0]", "dc1.corp.example", "rfc2136.zone[0]", "corp.example",
                "rfc2136.gssTsig.enabled", true, "rfc2136.gssTsig.kerberosUsername", "svc-wayfinder",
                "rfc2136.gssTsig.kerberosRealm", "CORP.EXAMPLE", "rfc2136.gssTsig.kerberosPasswordSecret.name", "wayfinder-kerberos");
    }

    private static ChartRender.Manifests render(List<String> files, Map<String, Object> set) {
        Map<String, Object> values = new LinkedHashMap<>(set);
        values.replaceAll((k, v) -> "TLS".equals(v) ? tlsFiles.toString() : v);
        return ChartRender.render(files, values);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void controllerArgumentsPassTheControllersOwnChecks(String title, List<String> files, Map<String, Object> set) throws Exception {
        Container controller = render(files, set).container(ChartRender.name("controller"));
        Map<String, String> env = ChartRender.env(controller, SECRET_STAND_IN);

        ControllerConfig config = controllerConfig(controller.getArgs(), env);

        assertThat(config.toString()).as("the secret stand-in never shows").doesNotContain(SECRET_STAND_IN);
        assertThat(controller.getArgs()).noneMatch(a -> a.contains("tsig-secret=") || a.contains("password"));
    }

    @Test
    void usBufArgumentsCarryTheSeedsGslbSettings() {
        Container controller = ChartRender.render("us-buf.yaml").container(ChartRender.name("controller"));
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs(controller.getArgs().toArray(String[]::new)).subcommand();

        assertThat(parsed.commandSpec().name()).isEqualTo("controller");
        assertThat(parsed.<List<String>>matchedOptionValue("--source", List.of())).containsExactly("service", "ingress", "gslb");
        assertThat(parsed.<String>matchedOptionValue("--cluster-geo-tag", "")).isEqualTo("us-buf");
        assertThat(parsed.<List<String>>matchedOptionValue("--ext-gslb-clusters-geo-tags", List.of())).containsExactly("us-nyc");
        assertThat(parsed.<List<String>>matchedOptionValue("--domain-filter", List.of())).containsExactly("gb.foowidgets.k8s");
        assertThat(parsed.<String>matchedOptionValue("--edge-dns-zone", "")).isEqualTo("foowidgets.k8s");
        assertThat(parsed.<List<String>>matchedOptionValue("--edge-dns-server", List.of())).containsExactly("192.0.2.53");
        assertThat(parsed.<List<String>>matchedOptionValue("--cluster-exposed-ip", List.of())).containsExactly("192.0.2.10");
        assertThat(parsed.<List<String>>matchedOptionValue("--provider", List.of())).containsExactly("coredns", "rfc2136");
        assertThat(parsed.<List<String>>matchedOptionValue("--rfc2136-zone", List.of())).containsExactly("foowidgets.k8s");
        assertThat(parsed.<Boolean>matchedOptionValue("--leader-elect", false)).isTrue();
        assertThat(parsed.<String>matchedOptionValue("--leader-election-namespace", "")).isEqualTo(ChartRender.NAMESPACE);
        assertThat(parsed.<String>matchedOptionValue("--txt-owner-id", "")).isEqualTo("us-buf");
    }

    @Test
    void oneReplicaRunsWithoutLeaderElection() {
        Container controller = ChartRender.render().container(ChartRender.name("controller"));

        assertThat(controller.getArgs()).noneMatch(a -> a.startsWith("--leader-elect"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void corednsZoneBlockIsWhatWayfinderCorefilePrints(String title, List<String> files, Map<String, Object> set) {
        ChartRender.Manifests manifests = render(files, set);
        Map<String, String> env = ChartRender.env(manifests.container(ChartRender.name("controller")), SECRET_STAND_IN);
        String corefile = manifests.get(ConfigMap.class, ChartRender.name("coredns")).getData().get("Corefile");
        List<String> zones = manifests.container(ChartRender.name("controller")).getArgs().stream()
                .filter(a -> a.startsWith("--domain-filter=")).map(a -> a.substring("--domain-filter=".length())).toList();

        List<String> args = new ArrayList<>(List.of("corefile", "--coredns-prefix=/skydns/", "--port=5353"));
        zones.forEach(z -> args.add("--zone=" + z));
        addEtcdFlags(args, env);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args.toArray(String[]::new));
        assertThat(exit).as("wayfinder %s: %s", args, err).isZero();

        String zoneBlock = corefile.substring(0, corefile.indexOf("\n}\n") + 3);
        // The chart adds only metrics to the printed block.
        assertThat(zoneBlock).contains("\n    prometheus :9153\n");
        assertThat(zoneBlock.replace("    prometheus :9153\n", "")).isEqualTo(out.toString());
    }

    private static void addEtcdFlags(List<String> args, Map<String, String> env) {
        Map<String, String> flags = Map.of("ETCD_URLS", "--etcd-urls", "ETCD_CA_FILE", "--etcd-ca-file", "ETCD_CERT_FILE", "--etcd-cert-file",
                "ETCD_KEY_FILE", "--etcd-key-file", "ETCD_USERNAME", "--etcd-username", "ETCD_PASSWORD", "--etcd-password");
        env.forEach((name, value) -> {
            if (flags.containsKey(name)) {
                args.add(flags.get(name) + "=" + value);
            }
        });
    }

    @Test
    void wayfinderDnsArgumentsParseWithTheRealCli() {
        Container dns = ChartRender.render("wayfinder-dns.yaml").container(ChartRender.name("dns"));
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs(dns.getArgs().toArray(String[]::new)).subcommand();

        assertThat(parsed.commandSpec().name()).isEqualTo("dns");
        assertThat(parsed.<String>matchedOptionValue("--listen", "")).isEqualTo("0.0.0.0:5353");
        assertThat(parsed.<List<String>>matchedOptionValue("--zone", List.of())).containsExactly("gb.foowidgets.k8s");
        assertThat(parsed.<String>matchedOptionValue("--etcd-prefix", "")).isEqualTo("/skydns");
        assertThat(parsed.<String>matchedOptionValue("--ops-listen", "")).isEqualTo("0.0.0.0:8080");
        assertThat(parsed.<List<String>>matchedOptionValue("--axfr-allow", List.of())).containsExactly("10.0.0.0/8");
        assertThat(ChartRender.env(dns, SECRET_STAND_IN)).containsEntry("ETCD_URLS", "http://wayfinder-etcd.dns-system.svc.cluster.local:2379");
    }

    /**
     * Parses {@code args} as the pod would run them and builds the controller's checked configuration, with {@code env} as
     * the process environment (for ExternalDNS's EXTERNAL_DNS_* and the ETCD_* variables).
     */
    static ControllerConfig controllerConfig(List<String> args, Map<String, String> env) throws Exception {
        CommandLine line = Main.commandLine();
        CommandLine controller = line.getSubcommands().get("controller");
        controller.setDefaultValueProvider(externalDnsEnvironment(env));
        CommandLine.ParseResult parsed = line.parseArgs(args.toArray(String[]::new));
        assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("controller");
        assertThat(parsed.subcommand().unmatched()).isEmpty();

        ControllerCommand command = controller.getCommand();
        Field envField = ControllerCommand.class.getDeclaredField("env");
        envField.setAccessible(true);
        envField.set(command, env);
        Method raw = ControllerCommand.class.getDeclaredMethod("raw");
        raw.setAccessible(true);
        try {
            return ControllerConfig.from((RawSettings) raw.invoke(command));
        } catch (InvalidConfigException e) {
            return fail("the controller rejects the chart's arguments " + args + ": " + e.violations());
        }
    }

    private static CommandLine.IDefaultValueProvider externalDnsEnvironment(Map<String, String> env) throws Exception {
        Constructor<?> constructor = Class.forName("dev.wayfinder.cli.ExternalDnsEnvironment").getDeclaredConstructor(Map.class);
        constructor.setAccessible(true);
        return (CommandLine.IDefaultValueProvider) constructor.newInstance(env);
    }
}
