package dev.wayfinder.gslb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wayfinder.gslb.strategy.AllUnhealthyBehaviour;
import dev.wayfinder.gslb.strategy.GslbPolicy;
import dev.wayfinder.gslb.strategy.StrategyType;
import dev.wayfinder.model.DnsName;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

public class GslbParserTest {

    public static final String SEED = """
            apiVersion: %s
            kind: Gslb
            metadata: {name: test-gslb-failover, namespace: test-gslb}
            spec:
              ingress:
                ingressClassName: nginx
                rules:
                  - host: fe.gb.foowidgets.k8s
                    http:
                      paths:
                        - path: /
                          pathType: Prefix
                          backend: {service: {name: frontend-podinfo, port: {name: http}}}
              strategy: {type: failover, primaryGeoTag: us-buf}
            """;

    public static GslbSpec parse(String yaml) {
        return GslbParser.parse(Serialization.unmarshal(yaml, GenericKubernetesResource.class));
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8gb.absa.oss/v1beta1", "k8gb.io/v1beta1"})
    void theSeedManifestParsesInBothGroups(String apiVersion) {
        GslbSpec spec = parse(SEED.formatted(apiVersion));

        DnsName host = DnsName.hostname("fe.gb.foowidgets.k8s");
        assertThat(spec.apiVersion()).isEqualTo(apiVersion);
        assertThat(spec.namespace()).isEqualTo("test-gslb");
        assertThat(spec.name()).isEqualTo("test-gslb-failover");
        assertThat(spec.hosts()).containsExactly(host);
        assertThat(spec.services()).containsEntry(host, List.of("frontend-podinfo"));
        assertThat(spec.ingress()).get().extracting(m -> m.get("ingressClassName")).isEqualTo("nginx");
        assertThat(spec.resourceRef()).isEmpty();
        assertThat(spec.strategy()).isEqualTo(new GslbStrategySpec(StrategyType.FAILOVER, Optional.of("us-buf"), Map.of(), 30));
        GslbPolicy policy = spec.strategy().toPolicy();
        assertThat(policy.type()).isEqualTo(StrategyType.FAILOVER);
        assertThat(policy.failoverOrder()).containsExactly("us-buf");
        assertThat(policy.ttlSeconds()).isEqualTo(30);
    }

    /** k8gb accepts a failover Gslb without primaryGeoTag (its spec_validations.go checks weights only); no cluster is then primary. */
    @Test
    void failoverWithoutPrimaryGeoTagIsAccepted() {
        GslbSpec spec = parse(SEED.formatted("k8gb.io/v1beta1").replace("type: failover, primaryGeoTag: us-buf", "type: failover"));

        assertThat(spec.strategy().primaryGeoTag()).isEmpty();
        assertThat(spec.policy().type()).isEqualTo(StrategyType.FAILOVER);
        assertThat(spec.policy().failoverOrder()).isEmpty();
    }

    @Test
    void resourceRefWeightsAndTtl() {
        GslbSpec spec = parse("""
                apiVersion: k8gb.io/v1beta1
                kind: Gslb
                metadata: {name: wrr, namespace: apps}
                spec:
                  resourceRef: {apiVersion: networking.k8s.io/v1, kind: Ingress, matchLabels: {app: fe}}
                  strategy: {type: roundRobin, weight: {us-buf: 80, us-nyc: 20}, dnsTtlSeconds: 0}
                  serviceHealthPolicy: All
                """);

        assertThat(spec.resourceRef()).get().satisfies(r -> {
            assertThat(r.kind()).isEqualTo("Ingress");
            assertThat(r.name()).isEmpty();
            assertThat(r.matchLabels()).containsEntry("app", "fe");
        });
        assertThat(spec.hosts()).isEmpty();
        assertThat(spec.serviceHealthPolicy()).isEqualTo(GslbSpec.ServiceHealthPolicy.ALL);
        GslbPolicy policy = spec.strategy().toPolicy();
        assertThat(policy.type()).isEqualTo(StrategyType.WEIGHT_ROUND_ROBIN);
        assertThat(policy.weights()).containsEntry("us-buf", 80).containsEntry("us-nyc", 20);
        assertThat(policy.ttlSeconds()).as("0 is kept, where k8gb turns it into 30").isZero();
    }

    @Test
    void wayfinderExtrasComeFromAnnotations() {
        GslbSpec spec = parse("""
                apiVersion: k8gb.io/v1beta1
                kind: Gslb
                metadata:
                  name: fo
                  namespace: apps
                  annotations:
                    wayfinder.dev/failover-order: us-buf, us-nyc, eu-ams
                    wayfinder.dev/failback-hold-down: 5m
                    wayfinder.dev/min-healthy-endpoints: "2"
                    wayfinder.dev/all-unhealthy: keep-last-known
                    wayfinder.dev/peer-grace: PT45S
                spec:
                  resourceRef: {apiVersion: networking.k8s.io/v1, kind: Ingress, name: fe}
                  strategy: {type: failover, primaryGeoTag: us-buf, dnsTtlSeconds: 15}
                """);

        assertThat(spec.policy()).isEqualTo(new GslbPolicy(StrategyType.FAILOVER, List.of("us-buf", "us-nyc", "eu-ams"),
                Duration.ofMinutes(5), 2, AllUnhealthyBehaviour.KEEP_LAST_KNOWN, Map.of(), 15,
                Duration.ofSeconds(45)));
    }

    @Test
    void badExtrasNameTheirAnnotation() {
        assertThatThrownBy(() -> parse("""
                apiVersion: k8gb.io/v1beta1
                kind: Gslb
                metadata:
                  name: bad
                  namespace: ns
                  annotations:
                    wayfinder.dev/failover-order: us-nyc,us_buf
                    wayfinder.dev/failback-hold-down: soon
                    wayfinder.dev/min-healthy-endpoints: "0"
                    wayfinder.dev/all-unhealthy: servfail
                spec:
                  resourceRef: {apiVersion: networking.k8s.io/v1, kind: Ingress, name: fe}
                  strategy: {type: failover, primaryGeoTag: us-buf}
                """))
                .isInstanceOfSatisfying(GslbValidationException.class, e -> assertThat(e.problems()).containsExactly(
                        "metadata.annotations[wayfinder.dev/failover-order]: 'us_buf' must match ^[a-zA-Z\\-\\d]+$",
                        "metadata.annotations[wayfinder.dev/failover-order]: starts with 'us-nyc' but spec.strategy.primaryGeoTag is 'us-buf'",
                        "metadata.annotations[wayfinder.dev/failback-hold-down]: 'soon' is not a duration such as 90s, 5m, 1h or PT1M30S",
                        "metadata.annotations[wayfinder.dev/min-healthy-endpoints]: '0' is not a whole number >= 1",
                        "metadata.annotations[wayfinder.dev/all-unhealthy]: 'servfail' is not nxdomain or keep-last-known"));
    }

    static final String HEAD = "kind: Gslb\nmetadata: {name: bad, namespace: ns}\n";
    static final String RULE = "ingress: {rules: [{host: a.example.org, http: {paths: [{backend: {service: {name: s}}}]}}]}";

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("apiVersion: example.com/v1\n" + HEAD + "spec: {" + RULE + ", strategy: {type: roundRobin}}",
                        List.of("apiVersion: 'example.com/v1' is not k8gb.absa.oss/v1beta1 or k8gb.io/v1beta1")),
                Arguments.of("apiVersion: k8gb.io/v1beta1\n" + HEAD,
                        List.of("spec: required")),
                Arguments.of("apiVersion: k8gb.io/v1beta1\n" + HEAD + "spec: {" + RULE + ", strategy: {type: foo}}",
                        List.of("spec.strategy.type: 'foo' is not roundRobin, failover, weightRoundRobin or geoip")),
                Arguments.of("apiVersion: k8gb.io/v1beta1\n" + HEAD + "spec: {" + RULE + "}",
                        List.of("spec.strategy.type: required")),
                Arguments.of("apiVersion: k8gb.io/v1beta1\n" + HEAD + "spec: {strategy: {type: geoip}}",
                        List.of("spec: one of ingress or resourceRef is required")),
                Arguments.of("apiVersion: k8gb.io/v1beta1\n" + HEAD + "spec: {" + RULE
                                + ", resourceRef: {apiVersion: v1, kind: Service, name: s}, strategy: {type: geoip}}",
                        List.of("spec: set either ingress or resourceRef, not both")),
                Arguments.of("apiVersion: k8gb.io/v1beta1\n" + HEAD
                                + "spec: {ingress: {rules: [{host: 'bad_host..x', http: {paths: [{backend: {service: {}}}]}}, {host: b.example.org}]},"
                                + " strategy: {type: failover, dnsTtlSeconds: -5, weight: {us-buf: 2000}}}",
                        List.of("spec.ingress.rules[0].host: 'bad_host..x'",
                                "spec.ingress.rules[0].http.paths[0].backend.service.name: required",
                                "spec.ingress.rules[1].http.paths: required",
                                "spec.strategy.weight: only allowed with roundRobin or weightRoundRobin, not failover",
                                "spec.strategy.weight.us-buf: '2000' is not a whole number 0..1000",
                                "spec.strategy.dnsTtlSeconds: '-5' is not a whole number of seconds >= 0")),
                Arguments.of("apiVersion: k8gb.io/v1beta1\n" + HEAD + "spec: {" + RULE
                                + ", strategy: {type: roundRobin, weight: {'eu_west': 1}}}",
                        List.of("spec.strategy.weight.eu_west: geo tag must match")),
                Arguments.of("apiVersion: k8gb.io/v1beta1\n" + HEAD
                                + "spec: {resourceRef: {kind: Ingress}, strategy: {type: roundRobin}}",
                        List.of("spec.resourceRef: name, matchLabels or matchExpressions is required",
                                "spec.resourceRef.apiVersion: required")),
                Arguments.of("apiVersion: k8gb.absa.oss/v1beta1\n" + HEAD + "spec: {" + RULE
                                + ", strategy: {type: roundRobin}, serviceHealthPolicy: All}",
                        List.of("spec.serviceHealthPolicy: only in k8gb.io/v1beta1")),
                Arguments.of("apiVersion: k8gb.io/v1beta1\n" + HEAD + "spec: {" + RULE
                                + ", strategy: {type: roundRobin}, serviceHealthPolicy: Some}",
                        List.of("spec.serviceHealthPolicy: 'Some' is not Any or All")));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void invalidGslbsReportEveryProblemByField(String yaml, List<String> expected) {
        assertThatThrownBy(() -> parse(yaml))
                .isInstanceOfSatisfying(GslbValidationException.class, e -> {
                    assertThat(e.object()).isEqualTo("Gslb ns/bad");
                    assertThat(e.problems()).hasSameSizeAs(expected);
                    for (int i = 0; i < expected.size(); i++) {
                        assertThat(e.problems().get(i)).startsWith(expected.get(i));
                        assertThat(e.problems().get(i)).as("the value is quoted once").doesNotContainPattern("'([^']+)' '\\1'");
                    }
                });
    }

    @Test
    void ingressAnnotationsMapToTheSamePolicy() {
        Optional<GslbStrategySpec> s = IngressAnnotations.strategy("Ingress ns/fe", Map.of(
                IngressAnnotations.STRATEGY, "failover",
                IngressAnnotations.PRIMARY_GEO_TAG, "us-buf",
                IngressAnnotations.DNS_TTL_SECONDS, "15"));

        assertThat(s).contains(new GslbStrategySpec(StrategyType.FAILOVER, Optional.of("us-buf"), Map.of(), 15));
        assertThat(IngressAnnotations.strategy("Ingress ns/plain", Map.of("other", "x"))).isEmpty();
        assertThat(IngressAnnotations.strategy("Ingress ns/plain", null)).isEmpty();
    }

    @Test
    void ingressAnnotationsTakeTheExtrasToo() {
        Map<String, String> annotations = Map.of(
                IngressAnnotations.STRATEGY, "failover",
                IngressAnnotations.PRIMARY_GEO_TAG, "us-buf",
                PolicyAnnotations.FAILOVER_ORDER, "us-buf,us-nyc",
                PolicyAnnotations.FAILBACK_HOLD_DOWN, "90s");

        assertThat(IngressAnnotations.policy("Ingress ns/fe", annotations)).get().satisfies(p -> {
            assertThat(p.failoverOrder()).containsExactly("us-buf", "us-nyc");
            assertThat(p.failbackHoldDown()).isEqualTo(Duration.ofSeconds(90));
            assertThat(p.ttlSeconds()).isEqualTo(30);
        });
        assertThat(IngressAnnotations.policy("Ingress ns/plain", Map.of())).isEmpty();
        assertThatThrownBy(() -> IngressAnnotations.policy("Ingress ns/fe", Map.of(
                IngressAnnotations.STRATEGY, "roundRobin", PolicyAnnotations.PEER_GRACE, "-PT1S")))
                .isInstanceOfSatisfying(GslbValidationException.class, e -> assertThat(e.problems()).containsExactly(
                        "metadata.annotations[wayfinder.dev/peer-grace]: '-PT1S' is not a duration such as 90s, 5m, 1h or PT1M30S"));
    }

    @Test
    void badIngressAnnotationsNameTheAnnotation() {
        assertThatThrownBy(() -> IngressAnnotations.strategy("Ingress ns/fe", Map.of(
                IngressAnnotations.STRATEGY, "failover",
                IngressAnnotations.DNS_TTL_SECONDS, "soon")))
                .isInstanceOfSatisfying(GslbValidationException.class, e -> assertThat(e.problems()).containsExactly(
                        "metadata.annotations[k8gb.io/primary-geotag]: required for failover",
                        "metadata.annotations[k8gb.io/dns-ttl-seconds]: 'soon' is not a whole number of seconds >= 0"))
                .hasMessageStartingWith("Ingress ns/fe: ");
    }

    static final String ANNOTATED = """
            apiVersion: k8gb.io/v1beta1
            kind: Gslb
            metadata:
              name: fe
              namespace: apps
              annotations: {%s}
            spec:
              resourceRef: {apiVersion: v1, kind: Service, name: lb}
              strategy: {type: roundRobin}
            """;

    @Test
    void probeExposedAddressesAndHostnameComeFromAnnotations() {
        GslbSpec spec = parse(ANNOTATED.formatted("wayfinder.dev/probe: 'http:8080/healthz', k8gb.io/exposed-ip-addresses: '10.0.0.2, 10.0.0.1',"
                + " k8gb.io/hostname: lb.gb.foowidgets.k8s"));

        assertThat(spec.probe()).get().satisfies(p -> {
            assertThat(p.scheme()).isEqualTo(ProbeSpec.Scheme.HTTP);
            assertThat(p.port()).isEqualTo(8080);
            assertThat(p.path()).isEqualTo("/healthz");
        });
        assertThat(spec.exposedIps()).containsExactly("10.0.0.2", "10.0.0.1");
        assertThat(spec.hostname()).contains(DnsName.hostname("lb.gb.foowidgets.k8s"));
        assertThat(spec.resource()).isEqualTo("gslb/apps/fe");

        GslbSpec plain = parse(SEED.formatted("k8gb.io/v1beta1"));
        assertThat(plain.probe()).isEmpty();
        assertThat(plain.exposedIps()).isEmpty();
        assertThat(plain.hostname()).isEmpty();
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "wayfinder.dev/probe: 'udp:53'                 | metadata.annotations[wayfinder.dev/probe]: 'udp:53' is not tcp:PORT, http:PORT/PATH or https:PORT/PATH",
        "wayfinder.dev/probe: 'tcp:70000'              | metadata.annotations[wayfinder.dev/probe]: 'tcp:70000': port 70000 is not between 1 and 65535",
        "k8gb.io/exposed-ip-addresses: '10.0.0.1,ten'  | metadata.annotations[k8gb.io/exposed-ip-addresses]: 'ten' is not an IP address",
        "k8gb.io/exposed-ip-addresses: ' , '           | metadata.annotations[k8gb.io/exposed-ip-addresses]: no address given",
        "k8gb.io/hostname: 'bad_name.example.com'      | metadata.annotations[k8gb.io/hostname]: 'bad_name.example.com'",
    })
    void badAnnotationsAreNamed(String annotation, String problem) {
        assertThatThrownBy(() -> parse(ANNOTATED.formatted(annotation)))
                .isInstanceOfSatisfying(GslbValidationException.class, e -> assertThat(e.problems()).singleElement().asString()
                        .startsWith(problem))
                .hasMessageStartingWith("Gslb apps/fe: ");
    }

    @Test
    void aHostThatLooksLikeAPeersTargetsIsRefused() {
        assertThatThrownBy(() -> parse(SEED.formatted("k8gb.io/v1beta1").replace("host: fe.gb", "host: localtargets-fe.gb")))
                .isInstanceOf(GslbValidationException.class)
                .hasMessageContaining("spec.ingress.rules[0].host")
                .hasMessageContaining("starts with localtargets-");
    }
}
