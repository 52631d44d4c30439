package dev.wayfinder.gslb.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.gslb.api.GslbCrdTest;
import dev.wayfinder.gslb.strategy.GslbDecision;
import dev.wayfinder.gslb.strategy.GslbDecision.Code;
import dev.wayfinder.gslb.strategy.HostHealth;
import dev.wayfinder.gslb.strategy.HostOutcome;
import dev.wayfinder.gslb.strategy.PeerState;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GslbStatusTest {

    static final String HOST = KubernetesGslbReporterTest.HOST;
    static final String API_HOST = "api.gb.foowidgets.k8s";
    static final Instant T0 = KubernetesGslbReporterTest.T0;

    @ParameterizedTest
    @CsvSource({
        "UNION, Union, AnswerChanged",
        "PRIMARY_HEALTHY, PrimaryHealthy, AnswerChanged",
        "FAILOVER, Failover, Failover",
        "FAILBACK, Failback, Failback",
        "FAILBACK_HELD, FailbackHeld, FailbackHeld",
        "NO_HEALTHY_TARGETS, NoHealthyTargets, NoHealthyTargets",
        "KEPT_LAST_KNOWN, KeptLastKnown, KeptLastKnown"})
    void reasonCodesAndEventReasonsAreSpelledTheKubernetesWay(Code code, String status, String event) {
        assertThat(GslbStatus.codeName(code)).isEqualTo(status);
        assertThat(KubernetesGslbReporter.eventReason(code)).isEqualTo(event);
    }

    @org.junit.jupiter.api.Test
    void aPeerIsReachableOnlyIfEveryHostsPollGotAnAnswerAndNeverHeardFromHasNoContactTime() {
        HostOutcome fe = KubernetesGslbReporterTest.outcome(HOST, HostHealth.HEALTHY, 2,
                List.of(new PeerState("us-nyc", List.of("10.1.0.1"), true, T0.plusSeconds(7)),
                        new PeerState("eu-lon", List.of(), false, Instant.EPOCH)),
                "us-buf", List.of("10.0.0.1"), Code.PRIMARY_HEALTHY, "primary us-buf healthy");
        HostOutcome api = KubernetesGslbReporterTest.outcome(API_HOST, HostHealth.NOT_FOUND, 0,
                List.of(new PeerState("us-nyc", List.of("10.1.0.2"), false, T0)),
                "us-nyc", List.of("10.1.0.2"), Code.FAILOVER, "failover to us-nyc");

        GslbStatus s = GslbStatus.of("us-buf", List.of(fe, api));

        assertThat(s.hosts()).containsExactly(HOST, API_HOST);
        assertThat(s.serviceHealth()).containsEntry(API_HOST, "NotFound");
        assertThat(s.activeGeoTags()).containsEntry(HOST, "us-buf").containsEntry(API_HOST, "us-nyc");
        assertThat(s.peers().get("us-nyc")).isEqualTo(new GslbStatus.PeerStatus(false, Optional.of(T0.plusSeconds(7)),
                Map.of(HOST, List.of("10.1.0.1"), API_HOST, List.of("10.1.0.2"))));
        assertThat(s.peers().get("eu-lon")).isEqualTo(new GslbStatus.PeerStatus(false, Optional.empty(), Map.of(HOST, List.of())));
        Map<String, Object> m = s.withObservedGeneration(4).toMap();
        assertThat(m.get("hosts")).isEqualTo(HOST + ", " + API_HOST);
        assertThat(m.get("observedGeneration")).isEqualTo(4L);
        assertThat(((Map<?, ?>) ((Map<?, ?>) m.get("peers")).get("eu-lon")).containsKey("lastContact")).isFalse();
        assertThat(s.withoutContactTimes()).isEqualTo(GslbStatus.of("us-buf", List.of(fe, api)).withoutContactTimes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"gslb.k8gb.io.yaml", "gslb.k8gb.absa.oss.yaml"})
    void theCrdSchemaDeclaresEveryStatusFieldWritten(String file) throws IOException {
        HostOutcome o = KubernetesGslbReporterTest.failover(T0);
        Map<String, Object> written = GslbStatus.of("us-buf", List.of(o)).withObservedGeneration(1).toMap();

        JSONSchemaProps status = GslbCrdTest.load(file).getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema()
                .getProperties().get("status");

        assertThat(status.getProperties()).containsKeys(written.keySet().toArray(String[]::new));
        JSONSchemaProps peer = status.getProperties().get("peers").getAdditionalProperties().getSchema();
        assertThat(peer.getProperties()).containsOnlyKeys("reachable", "lastContact", "targets");
        assertThat(status.getProperties().get("observedGeneration").getType()).isEqualTo("integer");
    }
}
