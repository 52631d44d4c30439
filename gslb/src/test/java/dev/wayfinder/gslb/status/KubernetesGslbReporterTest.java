package dev.wayfinder.gslb.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wayfinder.gslb.api.GslbCrdTest;
import dev.wayfinder.gslb.api.GslbParser;
import dev.wayfinder.gslb.api.GslbParserTest;
import dev.wayfinder.gslb.api.GslbSpec;
import dev.wayfinder.gslb.strategy.GslbDecision;
import dev.wayfinder.gslb.strategy.GslbDecision.Code;
import dev.wayfinder.gslb.strategy.GslbDecision.Reason;
import dev.wayfinder.gslb.strategy.HostHealth;
import dev.wayfinder.gslb.strategy.HostOutcome;
import dev.wayfinder.gslb.strategy.LocalHealth;
import dev.wayfinder.gslb.strategy.PeerState;
import dev.wayfinder.gslb.strategy.TargetGroup;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.source.api.KubernetesEvents;
import dev.wayfinder.testing.CrudMockApi;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reporter against fabric8's CRUD API server with the Gslb CRDs registered: status, Events, metrics. */
@CrudMockApi
class KubernetesGslbReporterTest {

    static final String API = "k8gb.io/v1beta1";
    static final String NS = "test-gslb";
    static final String NAME = "test-gslb-failover";
    static final String HOST = "fe.gb.foowidgets.k8s";
    static final Instant T0 = Instant.parse("2026-11-22T04:00:00Z");

    KubernetesClient client;
    SimpleMeterRegistry meters;
    KubernetesEvents events;
    KubernetesGslbReporter reporter;
    GslbSpec spec;

    @BeforeEach
    void setUp() throws IOException {
        client.apiextensions().v1().customResourceDefinitions().resource(GslbCrdTest.load("gslb.k8gb.io.yaml")).create();
        GenericKubernetesResource seed = Serialization.unmarshal(GslbParserTest.SEED.formatted(API), GenericKubernetesResource.class);
        spec = GslbParser.parse(gslbs().resource(seed).create());
        meters = new SimpleMeterRegistry();
        events = new KubernetesEvents(client);
        reporter = new KubernetesGslbReporter(client, events, meters, "us-buf");
    }

    @AfterEach
    void tearDown() {
        reporter.close();
        events.close();
    }

    @Test
    void statusCarriesK8gbsFieldsAndWayfindersReasonsAndPeers() {
        reporter.report(spec, List.of(failover(T0)));

        GenericKubernetesResource g = awaitStatus(s -> s.containsKey("geoTag"));
        assertThat(g.<Map<String, String>>get("status", "serviceHealth")).containsExactly(Map.entry(HOST, "Unhealthy"));
        assertThat(g.<Map<String, List<String>>>get("status", "healthyRecords")).containsExactly(Map.entry(HOST, List.of("10.1.0.1")));
        assertThat(g.<String>get("status", "geoTag")).isEqualTo("us-buf");
        assertThat(g.<String>get("status", "hosts")).isEqualTo(HOST);
        assertThat(g.<String>get("status", "reasons", HOST)).isEqualTo("failover to us-nyc: us-buf has 0 of 2 endpoints ready");
        assertThat(g.<String>get("status", "reasonCodes", HOST)).isEqualTo("Failover");
        assertThat(g.<String>get("status", "activeGeoTags", HOST)).isEqualTo("us-nyc");
        assertThat(g.<Boolean>get("status", "peers", "us-nyc", "reachable")).isTrue();
        assertThat(g.<String>get("status", "peers", "us-nyc", "lastContact")).isEqualTo("2026-11-22T04:00:00Z");
        assertThat(g.<List<String>>get("status", "peers", "us-nyc", "targets", HOST)).containsExactly("10.1.0.1");
        assertThat(g.<Number>get("status", "observedGeneration").longValue()).isEqualTo(generationOf(g));
    }

    /** k8gb's status.loadBalancer.exposedIps and status.servers (api/v1beta1io/gslb_types.go, LoadBalancer and Server), as stored. */
    @Test
    void statusCarriesK8gbsLoadBalancerAndServers() {
        reporter.report(spec, List.of(primary()), new GslbStatus.Served(List.of("10.0.0.1", "10.0.0.2"), List.of(new GslbStatus.Server(HOST,
                List.of(new dev.wayfinder.gslb.api.NamespacedName(NS, "frontend-podinfo"))))));

        GenericKubernetesResource g = awaitStatus(s -> s.containsKey("servers"));
        assertThat(g.<List<String>>get("status", "loadBalancer", "exposedIps")).containsExactly("10.0.0.1", "10.0.0.2");
        assertThat(g.<List<Map<String, Object>>>get("status", "servers")).containsExactly(Map.of("host", HOST,
                "services", List.of(Map.of("namespace", NS, "name", "frontend-podinfo"))));
    }

    @Test
    void anUnchangedReportWritesNothingEvenWhenOnlyThePeersContactTimeMoved() {
        reporter.report(spec, List.of(failover(T0)));
        String written = awaitStatus(s -> s.containsKey("geoTag")).getMetadata().getResourceVersion();
        await().atMost(Duration.ofSeconds(5)).until(() -> gslbEvents().size() == 1);

        reporter.report(spec, List.of(failover(T0.plusSeconds(5))));
        reporter.report(spec, List.of(failover(T0.plusSeconds(10))));

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() ->
                gslbs().withName(NAME).get().getMetadata().getResourceVersion().equals(written) && gslbEvents().size() == 1);
        assertThat(meters.find(GslbMetrics.ANSWER_CHANGES).counters()).isEmpty();
    }

    @Test
    void eachAnswerChangeIsAnEventWithItsTypeAndReason() {
        reporter.report(spec, List.of(primary()));
        await().atMost(Duration.ofSeconds(5)).until(() -> gslbEvents().size() == 1);
        reporter.report(spec, List.of(failover(T0)));
        reporter.report(spec, List.of(failover(T0)));
        reporter.report(spec, List.of(failback()));
        reporter.report(spec, List.of(nothingHealthy()));

        await().atMost(Duration.ofSeconds(5)).until(() -> gslbEvents().size() == 4);
        await().during(Duration.ofMillis(300)).until(() -> gslbEvents().size() == 4);
        List<Event> posted = gslbEvents();
        assertThat(posted).extracting(Event::getType, Event::getReason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Normal", "AnswerChanged"),
                org.assertj.core.groups.Tuple.tuple("Warning", "Failover"),
                org.assertj.core.groups.Tuple.tuple("Normal", "Failback"),
                org.assertj.core.groups.Tuple.tuple("Warning", "NoHealthyTargets"));
        assertThat(posted.get(1).getMessage()).isEqualTo(HOST + " → 10.1.0.1: failover to us-nyc: us-buf has 0 of 2 endpoints ready");
        assertThat(posted.get(3).getMessage()).startsWith(HOST + " → NXDOMAIN: no healthy targets");
        GenericKubernetesResource g = gslbs().withName(NAME).get();
        assertThat(posted).allSatisfy(e -> {
            assertThat(e.getInvolvedObject().getApiVersion()).isEqualTo(API);
            assertThat(e.getInvolvedObject().getKind()).isEqualTo("Gslb");
            assertThat(e.getInvolvedObject().getUid()).isEqualTo(g.getMetadata().getUid());
            assertThat(e.getSource().getComponent()).isEqualTo("wayfinder-controller");
        });
        awaitStatus(s -> "NoHealthyTargets".equals(((Map<?, ?>) s.get("reasonCodes")).get(HOST)));
    }

    @Test
    void aRestartedReporterDoesNotRepeatTheEventOfTheStoredAnswer() {
        reporter.report(spec, List.of(failover(T0)));
        await().atMost(Duration.ofSeconds(5)).until(() -> gslbEvents().size() == 1);
        String written = awaitStatus(s -> s.containsKey("reasonCodes")).getMetadata().getResourceVersion();
        reporter.close();

        reporter = new KubernetesGslbReporter(client, events, new SimpleMeterRegistry(), "us-buf");
        reporter.report(spec, List.of(failover(T0)));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() ->
                gslbs().withName(NAME).get().getMetadata().getResourceVersion().equals(written) && gslbEvents().size() == 1);
        reporter.report(spec, List.of(primary()));

        await().atMost(Duration.ofSeconds(5)).until(() -> gslbEvents().size() == 2);
        await().during(Duration.ofMillis(300)).until(() -> gslbEvents().size() == 2);
        assertThat(gslbEvents().get(1).getReason()).isEqualTo("AnswerChanged");
    }

    @Test
    void metricsFollowTheAnswersAndLeaveWithTheirHostOrGslb() {
        reporter.report(spec, List.of(primary(), other()));
        assertThat(gauge(GslbMetrics.HEALTHY_RECORDS, HOST)).isEqualTo(2);
        assertThat(gauge(GslbMetrics.LOCAL_HEALTHY_ENDPOINTS, HOST)).isEqualTo(2);
        assertThat(meters.get(GslbMetrics.SERVICE_STATUS).tag("host", HOST).tag("status", "Healthy").gauge().value()).isEqualTo(1);
        assertThat(meters.get(GslbMetrics.SERVICE_STATUS).tag("host", HOST).tag("status", "Unhealthy").gauge().value()).isZero();

        reporter.report(spec, List.of(failover(T0), other()));
        reporter.report(spec, List.of(failback(), other()));
        reporter.report(spec, List.of(failover(T0), other()));

        assertThat(gauge(GslbMetrics.HEALTHY_RECORDS, HOST)).isEqualTo(1);
        assertThat(gauge(GslbMetrics.LOCAL_HEALTHY_ENDPOINTS, HOST)).isZero();
        assertThat(meters.get(GslbMetrics.SERVICE_STATUS).tag("host", HOST).tag("status", "Unhealthy").gauge().value()).isEqualTo(1);
        assertThat(meters.get(GslbMetrics.FAILOVERS).tags("namespace", NS, "name", NAME, "host", HOST, "from", "us-buf", "to", "us-nyc")
                .counter().count()).isEqualTo(2);
        assertThat(meters.get(GslbMetrics.FAILOVERS).tags("from", "us-nyc", "to", "us-buf").counter().count()).isEqualTo(1);
        assertThat(meters.get(GslbMetrics.ANSWER_CHANGES).tag("host", HOST).counter().count()).isEqualTo(3);

        reporter.report(spec, List.of(failover(T0)));
        assertThat(meters.find(GslbMetrics.HEALTHY_RECORDS).tag("host", "api.gb.foowidgets.k8s").gauge()).isNull();
        assertThat(meters.find(GslbMetrics.SERVICE_STATUS).tag("host", "api.gb.foowidgets.k8s").gauges()).isEmpty();

        reporter.forget(spec);
        assertThat(meters.getMeters()).filteredOn(m -> m.getId().getName().startsWith("wayfinder_gslb_")).isEmpty();
    }

    static final GslbStatus.Condition NOT_HONOURED = new GslbStatus.Condition(GslbConditions.STRATEGY_HONOURED, false, "WeightsIgnored",
            "stock CoreDNS ignores the weights (us-buf 80, us-nyc 20): clients get every healthy cluster's targets");
    static final GslbStatus.Condition HONOURED = new GslbStatus.Condition(GslbConditions.STRATEGY_HONOURED, true, "Honoured",
            "weightRoundRobin on wayfinder dns: clients get one cluster per query");

    @Test
    void conditionsGoToTheStatusWithTheirTransitionTimeAndTheirChangesAreEvents() {
        reporter.report(spec, List.of(primary()), List.of(NOT_HONOURED));

        GenericKubernetesResource g = awaitStatus(s -> s.containsKey("conditions"));
        Map<String, Object> c = g.<List<Map<String, Object>>>get("status", "conditions").get(0);
        assertThat(c).containsEntry("type", "StrategyHonoured").containsEntry("status", "False").containsEntry("reason", "WeightsIgnored")
                .containsEntry("message", NOT_HONOURED.message()).containsKey("lastTransitionTime");
        await().atMost(Duration.ofSeconds(5)).until(() -> gslbEvents().stream().anyMatch(e -> e.getReason().equals("StrategyNotHonoured")));
        assertThat(gslbEvents()).filteredOn(e -> e.getReason().equals("StrategyNotHonoured")).singleElement()
                .satisfies(e -> {
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getMessage()).isEqualTo(NOT_HONOURED.message());
                });
        assertThat(meters.get(GslbMetrics.STRATEGY_HONOURED).tags("namespace", NS, "name", NAME, "strategy", "failover").gauge().value())
                .isZero();

        // Unchanged: no write, no Event, the transition time kept.
        String written = g.getMetadata().getResourceVersion();
        reporter.report(spec, List.of(primary()), List.of(NOT_HONOURED));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() ->
                gslbs().withName(NAME).get().getMetadata().getResourceVersion().equals(written)
                        && gslbEvents().stream().filter(e -> e.getReason().startsWith("Strategy")).count() == 1);

        reporter.report(spec, List.of(primary()), List.of(HONOURED));
        awaitStatus(s -> "True".equals(((List<Map<String, Object>>) s.get("conditions")).get(0).get("status")));
        await().atMost(Duration.ofSeconds(5)).until(() -> gslbEvents().stream().anyMatch(e -> e.getReason().equals("StrategyHonoured")
                && e.getType().equals("Normal")));
        assertThat(meters.get(GslbMetrics.STRATEGY_HONOURED).tag("name", NAME).gauge().value()).isEqualTo(1);
    }

    @Test
    void aConditionThatIsFineFromTheStartIsNoNewsAndARestartDoesNotRepeatOne() {
        GslbStatus.Condition none = new GslbStatus.Condition(GslbConditions.NAMES_BENEATH, false, "NoneBeneath", "none");
        reporter.report(spec, List.of(primary()), List.of(HONOURED, none));
        awaitStatus(s -> s.containsKey("conditions"));
        await().atMost(Duration.ofSeconds(5)).until(() -> gslbEvents().size() == 1);
        await().during(Duration.ofMillis(300)).until(() -> gslbEvents().size() == 1);
        assertThat(gslbEvents().get(0).getReason()).isEqualTo("AnswerChanged");

        reporter.report(spec, List.of(primary()), List.of(NOT_HONOURED, none));
        await().atMost(Duration.ofSeconds(5)).until(() -> gslbEvents().size() == 2);
        awaitStatus(s -> "False".equals(((List<Map<String, Object>>) s.get("conditions")).get(0).get("status")));
        reporter.close();

        reporter = new KubernetesGslbReporter(client, events, new SimpleMeterRegistry(), "us-buf");
        reporter.report(spec, List.of(primary()), List.of(NOT_HONOURED, none));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> gslbEvents().size() == 2);
    }

    @Test
    void aGslbThatIsGoneIsNotWrittenAndDoesNotStopTheReporter() throws IOException {
        GslbSpec gone = GslbParser.parse(Serialization.unmarshal(
                GslbParserTest.SEED.formatted(API).replace(NAME, "never-created"), GenericKubernetesResource.class));
        reporter.report(gone, List.of(primary()));
        reporter.report(spec, List.of(primary()));

        awaitStatus(s -> s.containsKey("geoTag"));
        assertThat(gslbs().withName("never-created").get()).isNull();
    }

    private GenericKubernetesResource awaitStatus(java.util.function.Predicate<Map<String, Object>> ready) {
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            Map<String, Object> s = status(gslbs().withName(NAME).get());
            return s != null && ready.test(s);
        });
        return gslbs().withName(NAME).get();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> status(GenericKubernetesResource g) {
        return (Map<String, Object>) g.getAdditionalProperties().get("status");
    }

    private static long generationOf(GenericKubernetesResource g) {
        return g.getMetadata().getGeneration() == null ? 0 : g.getMetadata().getGeneration();
    }

    private double gauge(String name, String host) {
        return meters.get(name).tags("namespace", NS, "name", NAME, "host", host).gauge().value();
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<GenericKubernetesResource,
            io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
            io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>> gslbs() {
        return client.genericKubernetesResources(API, "Gslb").inNamespace(NS);
    }

    private List<Event> gslbEvents() {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> "Gslb".equals(e.getInvolvedObject().getKind()) && NAME.equals(e.getInvolvedObject().getName()))
                .sorted(Comparator.comparingLong(e -> Long.parseLong(e.getMetadata().getResourceVersion())))
                .toList();
    }

    static HostOutcome outcome(String host, HostHealth health, int ready, List<PeerState> peers, String geoTag, List<String> targets,
                               Code code, String why) {
        List<TargetGroup> groups = targets.isEmpty() ? List.of() : List.of(new TargetGroup(geoTag, targets, OptionalInt.empty()));
        GslbDecision d = new GslbDecision(groups, targets.isEmpty() ? 0 : 30, new Reason(code, why),
                code == Code.NO_HEALTHY_TARGETS || code == Code.UNION ? Optional.empty() : Optional.of(geoTag), Map.of());
        return new HostOutcome(DnsName.hostname(host), health, ready + " of 2 endpoints ready",
                new LocalHealth(ready, List.of("10.0.0.1", "10.0.0.2")), peers, d);
    }

    static HostOutcome primary() {
        return outcome(HOST, HostHealth.HEALTHY, 2, List.of(nyc(T0)), "us-buf", List.of("10.0.0.1", "10.0.0.2"),
                Code.PRIMARY_HEALTHY, "primary us-buf healthy");
    }

    static HostOutcome failover(Instant contact) {
        return outcome(HOST, HostHealth.UNHEALTHY, 0, List.of(nyc(contact)), "us-nyc", List.of("10.1.0.1"),
                Code.FAILOVER, "failover to us-nyc: us-buf has 0 of 2 endpoints ready");
    }

    static HostOutcome failback() {
        return outcome(HOST, HostHealth.HEALTHY, 2, List.of(nyc(T0)), "us-buf", List.of("10.0.0.1", "10.0.0.2"),
                Code.FAILBACK, "failback to us-buf: healthy since " + T0);
    }

    static HostOutcome nothingHealthy() {
        return outcome(HOST, HostHealth.UNHEALTHY, 0, List.of(new PeerState("us-nyc", List.of(), true, T0)), "us-buf", List.of(),
                Code.NO_HEALTHY_TARGETS, "no healthy targets, NXDOMAIN: us-buf has 0 of 2 endpoints ready; us-nyc has none");
    }

    static HostOutcome other() {
        return outcome("api.gb.foowidgets.k8s", HostHealth.HEALTHY, 2, List.of(), "us-buf", List.of("10.0.0.1"),
                Code.UNION, "union of us-buf");
    }

    static PeerState nyc(Instant contact) {
        return new PeerState("us-nyc", List.of("10.1.0.1"), true, contact);
    }
}
