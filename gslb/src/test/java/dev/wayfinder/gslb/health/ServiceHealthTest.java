package dev.wayfinder.gslb.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.gslb.api.GslbSpec;
import dev.wayfinder.gslb.api.GslbSpec.ServiceHealthPolicy;
import dev.wayfinder.gslb.api.ProbeSpec;
import dev.wayfinder.gslb.health.ServiceHealth.Backing;
import dev.wayfinder.gslb.health.ServiceHealth.Verdict;
import dev.wayfinder.gslb.strategy.HostHealth;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** k8gb §2.1 as a table, plus the minimum of ready endpoints and the probe. */
class ServiceHealthTest {

    /** {@code name:state} where state is missing, or the ready endpoint count. */
    static List<Backing> services(String spec) {
        List<Backing> out = new ArrayList<>();
        for (String s : spec.isBlank() ? new String[0] : spec.split(" ")) {
            String[] p = s.split(":");
            out.add(p[1].equals("missing") ? new Backing(p[0], false, 0) : new Backing(p[0], true, Integer.parseInt(p[1])));
        }
        return out;
    }

    @ParameterizedTest(name = "{0} [{1}] min {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        // policy | services                  | min | health     | ready | reason contains
        "ANY | ''                            | 1 | NOT_FOUND | 0 | no backing Service",
        "ANY | a:2                           | 1 | HEALTHY   | 2 | 2 ready endpoint(s) in a",
        "ANY | a:0                           | 1 | UNHEALTHY | 0 | no ready endpoint in Service a",
        "ANY | a:missing                     | 1 | NOT_FOUND | 0 | Service a not found",
        "ANY | a:0 b:1                       | 1 | HEALTHY   | 1 | 1 ready endpoint(s) in b",
        "ANY | a:missing b:0                 | 1 | UNHEALTHY | 0 | missing: a",
        "ANY | a:missing b:missing           | 1 | NOT_FOUND | 0 | Service a, b not found",
        "ANY | a:missing b:3                 | 1 | HEALTHY   | 3 | in b",
        "ALL | a:1 b:2                       | 1 | HEALTHY   | 3 | 3 ready endpoint(s) in a, b",
        "ALL | a:1 b:0                       | 1 | UNHEALTHY | 1 | no ready endpoint in Service b",
        "ALL | a:1 b:missing                 | 1 | NOT_FOUND | 1 | Service b not found",
        "ALL | a:0 b:missing                 | 1 | NOT_FOUND | 0 | Service b not found",
        "ANY | a:2                           | 3 | UNHEALTHY | 2 | fewer than the minimum of 3",
        "ANY | a:2 b:1                       | 3 | HEALTHY   | 3 | 3 ready endpoint(s) in a, b",
        "ALL | a:1 b:1                       | 3 | UNHEALTHY | 2 | fewer than the minimum of 3",
    })
    void healthFollowsK8gb(ServiceHealthPolicy policy, String services, int min, HostHealth health, int ready, String reason) {
        Verdict v = ServiceHealth.of(policy, services(services), min);

        assertThat(v.health()).isEqualTo(health);
        assertThat(v.readyEndpoints()).isEqualTo(ready);
        assertThat(v.reason()).contains(reason);
    }

    static Stream<Arguments> slices() {
        return Stream.of(
                Arguments.of(List.of(), 0),
                Arguments.of(List.of(slice(endpoint(true, "10.0.0.1"), endpoint(false, "10.0.0.2"))), 1),
                Arguments.of(List.of(slice(endpoint(null, "10.0.0.1"))), 1),
                Arguments.of(List.of(slice(endpoint(true))), 0),
                Arguments.of(List.of(slice(endpoint(true, "10.0.0.1", "10.0.0.9")), slice(endpoint(true, "10.0.0.3"))), 2),
                Arguments.of(List.of(new EndpointSliceBuilder().withNewMetadata().withName("empty").endMetadata().build()), 0));
    }

    @ParameterizedTest
    @MethodSource("slices")
    void anEndpointCountsWithAnAddressAndReadyTrueOrUnset(List<EndpointSlice> slices, int ready) {
        assertThat(ServiceHealth.readyEndpoints(slices)).isEqualTo(ready);
    }

    @ParameterizedTest(name = "{0} passing [{2}] -> {3}")
    @CsvSource(delimiter = '|', value = {
        "HEALTHY   | 10.0.0.1 10.0.0.2 | 10.0.0.1 | HEALTHY",
        "HEALTHY   | 10.0.0.1 10.0.0.2 | ''       | UNHEALTHY",
        "UNHEALTHY | 10.0.0.1          | ''       | UNHEALTHY",
        "HEALTHY   | ''                | ''       | HEALTHY",
    })
    void theProbeTurnsAHostWhoseAddressesAllFailUnhealthy(HostHealth before, String targets, String passing, HostHealth after) {
        ProbeSpec probe = ProbeSpec.parse("http:80/healthz");
        Verdict v = ServiceHealth.probed(new Verdict(before, "2 ready endpoint(s) in a", 2), list(targets), list(passing), probe);

        assertThat(v.health()).isEqualTo(after);
        if (before != after) {
            assertThat(v.reason()).contains("probe http:80/healthz fails on every exposed address 10.0.0.1, 10.0.0.2");
        }
    }

    static List<String> list(String s) {
        return s.isBlank() ? List.of() : List.of(s.split(" "));
    }

    static EndpointSlice slice(io.fabric8.kubernetes.api.model.discovery.v1.Endpoint... endpoints) {
        return new EndpointSliceBuilder().withNewMetadata().withName("s").endMetadata().withAddressType("IPv4").withEndpoints(endpoints).build();
    }

    static io.fabric8.kubernetes.api.model.discovery.v1.Endpoint endpoint(Boolean ready, String... addresses) {
        EndpointBuilder b = new EndpointBuilder().withAddresses(addresses);
        return ready == null ? b.build() : b.withNewConditions().withReady(ready).endConditions().build();
    }
}
