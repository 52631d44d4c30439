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
        "host=lb.example.com ip=10.0.0.1                | 10.0.0.1            | status.loadBalancer.ingress[0].hostname of Ingress apps/fe: 'lb.example.com' is a host name",
        "ip=not-an-ip                                   | ''                  | status.loadBalancer.ingress[0].ip of Ingress apps/fe: 'not-an-ip' is not an IP address",
    })
    void fromTheIngressStatus(String status, String targets, String problem) {
        ExposedTargets.Result r = ExposedTargets.of(PLAIN, Optional.of(ingress(status)), Optional.empty());

        assertThat(r.targets()).isEqualTo(list(targets));
        assertThat(String.join("; ", r.problems())).startsWith(problem);
    }

    @ParameterizedTest(name = "{0} service [{1}] -> [{2}]")
    @CsvSource(delimiter = '|', value = {
        "LoadBalancer | ip=172.18.0.5      | 172.18.0.5 | ''",
        "LoadBalancer | host=a.elb.aws.com | ''         | status.loadBalancer.ingress[0].hostname of Service apps/lb",
        "ClusterIP    | ''                 | ''         | spec.resourceRef: Service apps/lb is of type ClusterIP, not LoadBalancer",
    })
    void fromALoadBalancerService(String type, String status, String targets, String problem) {
        ExposedTargets.Result r = ExposedTargets.of(PLAIN, Optional.empty(), Optional.of(service(type, status)));

        assertThat(r.targets()).isEqualTo(list(targets));
        assertThat(String.join("; ", r.problems())).startsWith(problem);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"10.9.0.2,10.9.0.1 | 10.9.0.1 10.9.0.2", "' 10.9.0.1 , 2001:db8::5 ' | 10.9.0.1 2001:db8::5"})
    void theAnnotationOverridesTheStatus(String annotation, String targets) {
        GslbSpec spec = GslbParserTest.parse(ANNOTATED.formatted(annotation));

        ExposedTargets.Result r = ExposedTargets.of(spec, Optional.of(ingress("ip=10.2.1.167 host=x.example.com")), Optional.empty());

        assertThat(r.targets()).isEqualTo(list(targets));
        assertThat(r.problems()).isEmpty();
    }

    static List<String> list(String s) {
        return s.isBlank() ? List.of() : Arrays.asList(s.trim().split("\\s+"));
    }
}
