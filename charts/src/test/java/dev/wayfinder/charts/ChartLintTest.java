package dev.wayfinder.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The chart is well-formed: strict lint, CRDs identical to deploy/crds, examples render, bad values rejected by name. */
class ChartLintTest {

    @Test
    void lintPassesStrict() {
        LintResult result = new Helm(ChartRender.CHART).lint().strict().call();

        assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.startsWith("[ERROR]") || m.startsWith("[WARNING]"));
    }

    @Test
    void crdsAreDeployCrdsByteForByte() throws IOException {
        Path deployed = ChartRender.MODULE.resolveSibling("deploy").resolve("crds");
        Path chart = ChartRender.CHART.resolve("crds");

        // Helm installs every file in crds/ as is, so only deploy/crds' CRDs belong there (not its kustomization).
        List<String> names = fileNames(deployed).stream().filter(n -> isCrd(deployed.resolve(n))).toList();
        assertThat(names).isNotEmpty();
        assertThat(fileNames(chart)).as("the chart's crds/ holds exactly deploy/crds' CRDs").isEqualTo(names);
        for (String name : names) {
            assertThat(Files.readAllBytes(chart.resolve(name))).as("crds/%s differs from deploy/crds/%s: copy it again", name, name)
                    .isEqualTo(Files.readAllBytes(deployed.resolve(name)));
        }
    }

    private static boolean isCrd(Path file) {
        try {
            return file.toString().endsWith(".yaml") && Serialization.unmarshal(Files.readString(file), HasMetadata.class)
                    instanceof CustomResourceDefinition;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static Stream<String> examples() throws IOException {
        try (Stream<Path> files = Files.list(ChartRender.EXAMPLES)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExampleRenders(String example) {
        ChartRender.Manifests manifests = ChartRender.render(example);

        assertThat(manifests.byKind("Deployment")).isNotEmpty();
        assertThat(manifests.objects()).allSatisfy(o -> assertThat(o.getMetadata().getName()).isNotBlank());
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("ttl", "thirty", "ttl: Invalid type. Expected: integer, given: string"),
                Arguments.of("dnsZones", "a.test", "(root): Additional property dnsZones is not allowed"),
                Arguments.of("etcd.replica", 3, "etcd: Additional property replica is not allowed"),
                Arguments.of("etcd.replicas", 2, "etcd.replicas: etcd.replicas must be one of the following: 1, 3, 5"),
                Arguments.of("controller.replicas", 0, "controller.replicas: Must be greater than or equal to 1"),
                Arguments.of("service.type", "External", "service.type: service.type must be one of the following"),
                Arguments.of("service.loadBalancerIP", "not-an-ip", "service.loadBalancerIP: Must validate at least one schema"),
                Arguments.of("clusterGeoTag", "us_buf", "clusterGeoTag: Does not match pattern"),
                Arguments.of("sources[0]", "services", "sources.0: sources.0 must be one of the following"),
                Arguments.of("gslb.pollInterval", "5 seconds", "gslb.pollInterval: Does not match pattern"),
                Arguments.of("rfc2136.tsigSecretAlg", "md5", "rfc2136.tsigSecretAlg: rfc2136.tsigSecretAlg must be one of the following"),
                Arguments.of("coredns.enabled", "yes", "coredns.enabled: Invalid type. Expected: boolean, given: string"));
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void schemaRejectsBadValuesNamingTheValue(String key, Object value, String message) {
        assertThatThrownBy(() -> ChartRender.renderText(List.of(), Map.of(key, value)))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(message);
    }

    static Stream<Arguments> inconsistentValues() {
        return Stream.of(
                Arguments.of(Map.of("sources[0]", "gslb", "gslb.peers[0].geoTag", "us-nyc", "gslb.peers[0].host", "192.0.2.20"),
                        "clusterGeoTag: required when sources include gslb"),
                Arguments.of(Map.of("sources[0]", "gslb", "clusterGeoTag", "us-buf"), "gslb.peers or extGslbClustersGeoTags"),
                Arguments.of(Map.of("extGslbClustersGeoTags[0]", "us-nyc"), "edgeDNSServers and edgeDNSZone: required"),
                Arguments.of(Map.of("etcd.enabled", false), "etcd.external.endpoints: required when etcd.enabled is false"),
                Arguments.of(Map.of("etcd.tls.enabled", true), "etcd.tls.secretName: required"),
                Arguments.of(Map.of("rfc2136.enabled", true), "rfc2136.host: required"),
                Arguments.of(Map.of("rfc2136.enabled", true, "rfc2136.host[0]", "192.0.2.53"), "rfc2136.tsigSecret.name: required"),
                Arguments.of(Map.of("coredns.enabled", false, "dns.enabled", true), "service.target: coredns is not enabled"),
                Arguments.of(Map.of("coredns.enabled", false, "service.target", "dns"), "coredns.enabled or dns.enabled"));
    }

    @ParameterizedTest
    @MethodSource("inconsistentValues")
    void inconsistentValuesFailNamingTheValue(Map<String, Object> set, String message) {
        assertThatThrownBy(() -> ChartRender.renderText(List.of(), set)).hasMessageContaining(message);
    }
}
