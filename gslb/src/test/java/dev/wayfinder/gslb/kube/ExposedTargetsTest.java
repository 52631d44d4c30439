package dev.wayfinder.gslb.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.gslb.api.GslbParserTest;
import dev.wayfinder.gslb.api.GslbSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which addresses a Gslb exposes: the annotation, else the Ingress or LoadBalancer Service status. */
class ExposedTargetsTest {

    static final String ANNOTATED = """
            apiVersion: k8gb.io/v1beta1
            kind: Gslb
            metadata:
              name: fe
              namespace: apps
              annotations: {k8gb.io/exposed-ip-addresses: "%s"}
            spec:
              resourceRef: {apiVersion: networking.k8s.io/v1, kind: Ingress, name: fe}
              strategy: {type: roundRobin}
            """;
    static final GslbSpec PLAIN = GslbParserTest.parse(GslbParserTest.SEED.formatted("k8gb.io/v1beta1"));

    /** {@code ip=X} or {@code host=Y} entries of a load balancer status. */
    static Ingress ingress(String status) {
        IngressBuilder b = new IngressBuilder().withNewMetadata().withName("fe").withNamespace("apps").endMetadata();
        var lb = b.withNewStatus().withNewLoadBalancer();
        for (String s : status.isBlank() ? new String[0] : status.split(" ")) {
            lb = s.startsWith("ip=") ? lb.addNewIngress().withIp(s.substring(3)).endIngress() : lb.addNewIngress().withHostname(s.substring(5)).endIngress();
        }
        return lb.endLoadBalancer().endStatus().build();
    }

    static Service service(String type, String status) {
        ServiceBuilder b = new ServiceBuilder().withNewMetadata().withName("lb").withNamespace("apps").endMetadata().withNewSpec().withType(type).endSpec();
        var lb = b.withNewStatus().withNewLoadBalancer();
        for (String s : status.isBlank() ? new String[0] : status.split(" ")) {
            lb = s.startsWith("ip=") ? lb.addNewIngress().withIp(s.substring(3)).endIngress() : lb.addNewIngress().withHostname(s.substring(5)).endIngress();
        }
        return lb.endLoadBalancer().endStatus().build();
    }

    @ParameterizedTest(name = "ingress [{0}] -> [{1}]")
    @CsvSource(delimiter = '|', value = {
        "ip=10.2.1.167                                  | 10.2.1.167          | ''",
        "ip=10.2.1.168 ip=10.2.1.167 ip=10.2.1.168      | 10.2.1.167 10.2.1.168 | ''",
        "ip=2001:DB8:0:0:0:0:0:1                        | 2001:db8::1         | ''",
        "''                                             | ''                  | ''",
        "host=lb.example.com ip=10.0.0.1                | 10.0.0.1 192.0.2.7 192.0.2.8 | ''",
        "host=unknown.example.com                       | ''                  | status.loadBalancer.ingress[0].hostname of Ingress apps/fe: unknown.example.com could not be resolved: NXDOMAIN",
        "host=pending.example.com                       | ''                  | ''",
        "host=gone.example.com                          | 192.0.2.9           | status.loadBalancer.ingress[0].hostname of Ingress apps/fe: gone.example.com could not be resolved (its last addresses are kept): timeout",
        "ip=not-an-ip                                   | ''                  | status.loadBalancer.ingress[0].ip of Ingress apps/fe: 'not-an-ip' is not an IP address",
    })
    void fromTheIngressStatus(String status, String targets, String problem) {
        ExposedTargets.Result r = ExposedTargets.of(PLAIN, Optional.of(GslbBinding.exposure(ingress(status))), RESOLVER);

        assertThat(r.targets()).isEqualTo(list(targets));
        assertThat(String.join("; ", r.problems())).startsWith(problem);
    }

    @ParameterizedTest(name = "{0} service [{1}] -> [{2}]")
    @CsvSource(delimiter = '|', value = {
        "LoadBalancer | ip=172.18.0.5      | 172.18.0.5 | ''",
        "LoadBalancer | host=lb.example.com | 192.0.2.7 192.0.2.8 | ''",
        "LoadBalancer | ip=10.0.0.1 host=lb.example.com | 10.0.0.1 192.0.2.7 192.0.2.8 | ''",
    })
    void fromALoadBalancerService(String type, String status, String targets, String problem) {
        ExposedTargets.Result r = ExposedTargets.of(PLAIN, Optional.of(GslbBinding.exposure(service(type, status))), RESOLVER);

        assertThat(r.targets()).isEqualTo(list(targets));
        assertThat(String.join("; ", r.problems())).startsWith(problem);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"10.9.0.2,10.9.0.1 | 10.9.0.1 10.9.0.2", "' 10.9.0.1 , 2001:db8::5 ' | 10.9.0.1 2001:db8::5"})
    void theAnnotationOverridesTheStatus(String annotation, String targets) {
        GslbSpec spec = GslbParserTest.parse(ANNOTATED.formatted(annotation));

        ExposedTargets.Result r = ExposedTargets.of(spec, Optional.of(GslbBinding.exposure(ingress("ip=10.2.1.167 host=x.example.com"))),
                RESOLVER);

        assertThat(r.targets()).isEqualTo(list(targets));
        assertThat(r.problems()).isEmpty();
    }

    /** k8gb's k8gb.io/exposed-hostnames wins over exposed-ip-addresses and the status (refresolver GetGslbExposedIPs). */
    @org.junit.jupiter.api.Test
    void exposedHostnamesWinAndAreResolved() {
        GslbSpec spec = GslbParserTest.parse(ANNOTATED.formatted("10.9.0.1").replace("annotations: {", "annotations: {"
                + "k8gb.io/exposed-hostnames: 'lb.example.com, gone.example.com', "));

        ExposedTargets.Result r = ExposedTargets.of(spec, Optional.of(GslbBinding.exposure(ingress("ip=10.2.1.167"))), RESOLVER);

        assertThat(r.targets()).containsExactly("192.0.2.7", "192.0.2.8", "192.0.2.9");
        assertThat(r.problems()).containsExactly("metadata.annotations[k8gb.io/exposed-hostnames]: gone.example.com could not be resolved"
                + " (its last addresses are kept): timeout");
    }

    /** lb resolves to two addresses; unknown failed before any answer; pending was never answered; gone answered once, then failed. */
    static final HostnameResolver RESOLVER = new HostnameResolver() {
        @Override
        public Resolution resolve(dev.wayfinder.model.DnsName name) {
            return switch (name.toString()) {
                case "lb.example.com" -> new Resolution(List.of("192.0.2.7", "192.0.2.8"), true, "");
                case "unknown.example.com" -> new Resolution(List.of(), false, "NXDOMAIN");
                case "gone.example.com" -> new Resolution(List.of("192.0.2.9"), true, "timeout");
                default -> new Resolution(List.of(), false, "");
            };
        }

        @Override
        public void close() {
        }
    };

    static List<String> list(String s) {
        return s.isBlank() ? List.of() : Arrays.asList(s.trim().split("\\s+"));
    }
}
