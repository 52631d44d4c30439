package dev.wayfinder.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wayfinder.config.ControllerConfig;
import dev.wayfinder.config.RawSettings;
import dev.wayfinder.gslb.GslbParts;
import dev.wayfinder.gslb.api.GslbCrdTest;
import dev.wayfinder.gslb.api.GslbParser;
import dev.wayfinder.gslb.api.GslbParserTest;
import dev.wayfinder.gslb.api.PolicyAnnotations;
import dev.wayfinder.gslb.health.TargetProbe;
import dev.wayfinder.gslb.kube.GslbInformers;
import dev.wayfinder.gslb.peers.PeerView;
import dev.wayfinder.gslb.settings.RawGslb;
import dev.wayfinder.gslb.status.GslbReporter;
import dev.wayfinder.gslb.status.GslbStatus;
import dev.wayfinder.gslb.strategy.HostHealth;
import dev.wayfinder.gslb.strategy.HostOutcome;
import dev.wayfinder.gslb.strategy.PeerState;
import dev.wayfinder.gslb.strategy.StrategyType;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.provider.memory.MemoryProvider;
import dev.wayfinder.source.api.EventSink;
import dev.wayfinder.testing.CrudMockApi;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Gslb source through the real controller: fabric8's CRUD mock API with both Gslb CRDs registered,
 * the in-memory provider, and a fake peer view standing in for the peer poller (the narrow edge).
 */
@CrudMockApi
class GslbControllerTest {

    static KubernetesClient client;
    static final String NS = "test-gslb";
    static final String HOST = "fe.gb.foowidgets.k8s";
    static final String LOCAL = "localtargets-fe.gb.foowidgets.k8s";

    final FakePeers peers = new FakePeers();
    final List<String> problems = new CopyOnWriteArrayList<>();
    final Map<String, List<HostOutcome>> reported = new ConcurrentHashMap<>();
    final Map<String, List<GslbStatus.Condition>> conditions = new ConcurrentHashMap<>();
    MemoryProvider provider;
    Controller controller;

    @BeforeAll
    static void crds() throws Exception {
        client.apiextensions().v1().customResourceDefinitions().resource(GslbCrdTest.load("gslb.k8gb.absa.oss.yaml")).create();
        client.apiextensions().v1().customResourceDefinitions().resource(GslbCrdTest.load("gslb.k8gb.io.yaml")).create();
    }

    void start() throws Exception {
        start(p -> { });
    }

    /** {@code published}: what the provider holds before the controller starts. */
    void start(java.util.function.Consumer<MemoryProvider> published) throws Exception {
        ControllerConfig config = ControllerConfig.from(new RawSettings(List.of("gslb"), "inmemory", List.of("gb.foowidgets.k8s"), List.of(),
                "us-buf-owner", "sync", "1m", false, false, "", "", "", "", "/skydns/", 300, "", 0.5, false, false, "default", "wayfinder",
                "", Map.of(), null, new RawGslb("us-buf", List.of("us-nyc=127.0.0.1:5353"), List.of(), List.of(), "", List.of(), "5s", "1s",
                "30s", 30)));
        provider = new MemoryProvider(config.domainFilter());
        published.accept(provider);
        EventSink events = (resource, reason, warning, message) -> problems.add(resource + " " + message);
        GslbReporter reporter = (gslb, outcomes, served, said) -> {
            reported.put(gslb.resource(), outcomes);
            conditions.put(gslb.resource(), said);
        };
        controller = new Controller(config, client, List.of(new Controller.Target(provider, config.domainFilter())), new SimpleMeterRegistry(),
                events, plan -> { }, new GslbParts(peers, TargetProbe.NONE, reporter));
        peers.onChange = controller::trigger;
        controller.start();
        controller.cachesLoaded().get();
    }

    @AfterEach
    void stop() {
        if (controller != null) {
            controller.close();
        }
        client.genericKubernetesResources(GslbInformers.CANONICAL).inAnyNamespace().delete();
        client.genericKubernetesResources(GslbInformers.LEGACY).inAnyNamespace().delete();
        client.network().v1().ingresses().inAnyNamespace().delete();
        client.services().inAnyNamespace().delete();
        client.discovery().v1().endpointSlices().inAnyNamespace().delete();
    }

    @Test
    void failsOverToThePeerAndBackAsTheEndpointSliceFlips() throws Exception {
        backend("frontend-podinfo", true);
        GenericKubernetesResource gslb = Serialization.unmarshal(GslbParserTest.SEED.formatted("k8gb.io/v1beta1"), GenericKubernetesResource.class);
        gslb = client.resource(gslb).create();
        start();

        String uid = gslb.getMetadata().getUid();
        Ingress managed = await().atMost(Duration.ofSeconds(10)).until(() -> client.network().v1().ingresses().inNamespace(NS)
                .withName("test-gslb-failover").get(), i -> i != null);
        assertThat(managed.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getUid()).isEqualTo(uid);
            assertThat(o.getKind()).isEqualTo("Gslb");
            assertThat(o.getController()).isTrue();
        });
        assertThat(managed.getSpec().getIngressClassName()).isEqualTo("nginx");
        client.network().v1().ingresses().inNamespace(NS).resource(new IngressBuilder(managed).withNewStatus().withNewLoadBalancer()
                .addNewIngress().withIp("10.2.1.167").endIngress().endLoadBalancer().endStatus().build()).updateStatus();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(targets(HOST)).containsExactly("10.2.1.167");
            assertThat(targets(LOCAL)).containsExactly("10.2.1.167");
        });
        Endpoint answer = record(HOST).orElseThrow();
        assertThat(answer.setIdentifier()).isEqualTo("us-buf");
        assertThat(answer.metadata().geoTag()).isEqualTo("us-buf");
        assertThat(answer.ttl()).isEqualTo(30);
        assertThat(peers.tracked).contains(DnsName.of(HOST));
        assertThat(reported.get("gslb/test-gslb/test-gslb-failover")).singleElement()
                .satisfies(o -> assertThat(o.health()).isEqualTo(HostHealth.HEALTHY));

        peers.say("us-nyc", "10.2.1.98");
        backend("frontend-podinfo", false);
        Instant flipped = Instant.now();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(targets(HOST)).containsExactly("10.2.1.98");
            assertThat(record(LOCAL)).isEmpty();
        });
        System.getLogger(getClass().getName()).log(System.Logger.Level.INFO, "failover published after {0} ms",
                Duration.between(flipped, Instant.now()).toMillis());
        assertThat(record(HOST).orElseThrow().setIdentifier()).isEqualTo("us-nyc");
        assertThat(reported.get("gslb/test-gslb/test-gslb-failover")).singleElement().satisfies(o -> {
            assertThat(o.health()).isEqualTo(HostHealth.UNHEALTHY);
            assertThat(o.healthReason()).contains("frontend-podinfo");
        });

        backend("frontend-podinfo", true);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(targets(HOST)).containsExactly("10.2.1.167");
            assertThat(targets(LOCAL)).containsExactly("10.2.1.167");
        });

        peers.say("us-nyc");
        backend("frontend-podinfo", false);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(record(HOST)).as("NXDOMAIN: no record at all").isEmpty();
            assertThat(record(LOCAL)).isEmpty();
        });
    }

    @Test
    void anUnreachablePeersTargetsStopCountingWhenThisGslbsGraceEndsWithoutAnyEvent() throws Exception {
        backend("frontend-podinfo", false);
        peers.nyc = List.of("10.2.1.98");
        peers.unreachableSince = Instant.now();
        GenericKubernetesResource gslb = Serialization.unmarshal(GslbParserTest.SEED.formatted("k8gb.io/v1beta1"), GenericKubernetesResource.class);
        gslb.getMetadata().setAnnotations(Map.of(PolicyAnnotations.PEER_GRACE, "2s"));
        client.resource(gslb).create();
        start();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(targets(HOST)).containsExactly("10.2.1.98"));
        // Nothing changes in the API or the peer view from here: only the clock ends the grace (the poller's own check uses
        // the 30 s default, so this is the Gslb's wake-up).
        await().atMost(Duration.ofSeconds(8)).untilAsserted(() -> assertThat(targets(HOST)).isEmpty());
    }

    @Test
    void twoGslbsClaimingOneHostDoNotBlendTheOldestKeepsIt() throws Exception {
        backend("good-svc", true);
        GenericKubernetesResource a = client.resource(
                gslb("k8gb.absa.oss/v1beta1", "first", "same.gb.foowidgets.k8s", "good-svc", "roundRobin", "10.9.0.1")).create();
        GenericKubernetesResource b = client.resource(
                gslb("k8gb.io/v1beta1", "second", "same.gb.foowidgets.k8s", "good-svc", "roundRobin", "10.9.0.2")).create();
        start();
        // The API server stamps creation; the older wins, the uid breaks a tie within the same second.
        java.util.Comparator<GenericKubernetesResource> age = java.util.Comparator
                .comparing((GenericKubernetesResource r) -> r.getMetadata().getCreationTimestamp())
                .thenComparing(r -> r.getMetadata().getUid());
        boolean aWins = age.compare(a, b) < 0;
        String winnerIp = aWins ? "10.9.0.1" : "10.9.0.2";
        String winner = "gslb/test-gslb/" + (aWins ? "first" : "second");
        String loser = "gslb/test-gslb/" + (aWins ? "second" : "first");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(targets("same.gb.foowidgets.k8s")).containsExactly(winnerIp);
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(loser).contains("already balanced by the older " + winner));
        });
    }

    @Test
    void aBrokenGslbIsReportedAndLeavesTheGoodOnePublished() throws Exception {
        backend("good-svc", true);
        client.resource(gslb("k8gb.absa.oss/v1beta1", "good", "good.gb.foowidgets.k8s", "good-svc", "roundRobin", "10.9.0.1")).create();
        client.resource(gslb("k8gb.io/v1beta1", "broken", "broken.gb.foowidgets.k8s", "good-svc", "bogus", "10.9.0.2")).create();
        start();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(targets("good.gb.foowidgets.k8s")).containsExactly("10.9.0.1");
            assertThat(targets("localtargets-good.gb.foowidgets.k8s")).containsExactly("10.9.0.1");
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("gslb/test-gslb/broken").contains("spec.strategy.type")
                    .contains("bogus"));
        });
        assertThat(record("broken.gb.foowidgets.k8s")).isEmpty();

        // Edited into an invalid state, a published Gslb keeps serving its last valid spec, with the problem reported.
        GenericKubernetesResource good = client.genericKubernetesResources(GslbInformers.LEGACY).inNamespace(NS).withName("good").get();
        ((Map<String, Object>) ((Map<String, Object>) good.getAdditionalProperties().get("spec")).get("strategy")).put("type", "nope");
        client.resource(good).update();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("gslb/test-gslb/good").contains("nope")));
        assertThat(targets("good.gb.foowidgets.k8s")).containsExactly("10.9.0.1");
    }

    @Test
    void anIngressAnnotatedWithAStrategyBecomesAGslb() throws Exception {
        backend("annotated-svc", true);
        Ingress ingress = new IngressBuilder().withNewMetadata().withName("annotated").withNamespace(NS)
                .withAnnotations(Map.of("k8gb.io/strategy", "roundRobin")).endMetadata().withNewSpec().addNewRule()
                .withHost("annotated.gb.foowidgets.k8s").withNewHttp().addNewPath().withPath("/").withPathType("Prefix").withNewBackend()
                .withNewService().withName("annotated-svc").withNewPort().withNumber(80).endPort().endService().endBackend().endPath()
                .endHttp().endRule().endSpec().withNewStatus().withNewLoadBalancer().addNewIngress().withIp("10.3.0.4").endIngress()
                .endLoadBalancer().endStatus().build();
        client.resource(ingress).create();
        start();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(targets("annotated.gb.foowidgets.k8s")).containsExactly("10.3.0.4");
            assertThat(targets("localtargets-annotated.gb.foowidgets.k8s")).containsExactly("10.3.0.4");
        });
        GenericKubernetesResource created = client.genericKubernetesResources(GslbInformers.CANONICAL).inNamespace(NS).withName("annotated").get();
        assertThat(created.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> assertThat(o.getKind()).isEqualTo("Ingress"));
        assertThat(GslbParser.parse(created).strategy().type()).isEqualTo(StrategyType.ROUND_ROBIN);
    }

    @Test
    void aHostAwaitingItsPeersFirstAnswerKeepsWhatIsPublishedAndIsDecidedOnceTheAnswerIsIn() throws Exception {
        backend("frontend-podinfo", true);
        GenericKubernetesResource gslb = Serialization.unmarshal(GslbParserTest.SEED.formatted("k8gb.io/v1beta1"), GenericKubernetesResource.class);
        gslb.getMetadata().setAnnotations(Map.of("k8gb.io/exposed-ip-addresses", "10.2.1.167"));
        client.resource(gslb).create();
        peers.awaiting = Instant.now().plusSeconds(600);
        // The answer a previous run published (us-nyc's, during a failover), owned by this controller.
        Endpoint before = new Endpoint(DnsName.of(HOST), RecordType.A, List.of("10.2.1.98"), 30, "us-nyc",
                dev.wayfinder.model.Metadata.owned("us-buf-owner", "gslb/test-gslb/test-gslb-failover").withGeo("us-nyc",
                        java.util.OptionalInt.empty()));
        start(p -> {
            try {
                p.apply(dev.wayfinder.model.Changes.create(before));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        // Peers read localtargets- at once; the answer is neither rewritten nor deleted while undecided, nor reported.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(targets(LOCAL)).containsExactly("10.2.1.167"));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
            assertThat(targets(HOST)).containsExactly("10.2.1.98");
            assertThat(reported).isEmpty();
        });

        peers.awaiting = null;
        peers.say("us-nyc", "10.2.1.98");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(targets(HOST)).containsExactly("10.2.1.167"));
        assertThat(reported.get("gslb/test-gslb/test-gslb-failover")).singleElement()
                .satisfies(o -> assertThat(o.decision().active()).contains("us-buf"));
    }

    @Test
    void aGslbHostBeneathAnotherStaysOutOfItsAnswerAndBothSaySo() throws Exception {
        backend("down-svc", false);
        backend("good-svc", true);
        client.resource(gslb("k8gb.io/v1beta1", "app", "app.gb.foowidgets.k8s", "down-svc", "roundRobin", "10.9.0.1")).create();
        client.resource(gslb("k8gb.io/v1beta1", "v2", "v2.app.gb.foowidgets.k8s", "good-svc", "weightRoundRobin", "10.9.0.2")).create();
        start();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(targets("v2.app.gb.foowidgets.k8s")).containsExactly("10.9.0.2");
            // app has no healthy target: a group anchor, so CoreDNS's subtree read does not answer v2's targets for it.
            assertThat(provider.records()).anySatisfy(e -> {
                assertThat(e.name()).isEqualTo(DnsName.of("app.gb.foowidgets.k8s"));
                assertThat(e.type()).isEqualTo(RecordType.TXT);
                assertThat(e.metadata().group()).isEqualTo("app.gb.foowidgets.k8s");
            });
            assertThat(conditions.get("gslb/test-gslb/app")).anySatisfy(c -> {
                assertThat(c.type()).isEqualTo("NamesBeneath");
                assertThat(c.status()).isTrue();
                assertThat(c.reason()).isEqualTo("KeptApart");
                assertThat(c.message()).contains("v2.app.gb.foowidgets.k8s (gslb/test-gslb/v2)").contains("leaves out").contains("NODATA");
            });
        });
        assertThat(provider.records()).filteredOn(e -> e.name().toString().endsWith("v2.app.gb.foowidgets.k8s"))
                .allSatisfy(e -> assertThat(e.metadata().group()).isEqualTo(e.name().toString()));
        // Served by stock CoreDNS (the default), the weighted Gslb says its weights are not honoured.
        assertThat(conditions.get("gslb/test-gslb/v2")).anySatisfy(c -> {
            assertThat(c.type()).isEqualTo("StrategyHonoured");
            assertThat(c.status()).isFalse();
            assertThat(c.reason()).isEqualTo("WeightsIgnored");
        });
        assertThat(conditions.get("gslb/test-gslb/app")).anySatisfy(c -> {
            assertThat(c.type()).isEqualTo("StrategyHonoured");
            assertThat(c.status()).isTrue();
        });
    }

    static GenericKubernetesResource gslb(String apiVersion, String name, String host, String service, String strategy, String ip) {
        return Serialization.unmarshal("""
                apiVersion: %s
                kind: Gslb
                metadata:
                  name: %s
                  namespace: test-gslb
                  annotations: {k8gb.io/exposed-ip-addresses: "%s"}
                spec:
                  ingress:
                    rules:
                      - host: %s
                        http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: %s, port: {number: 80}}}}]}
                  strategy: {type: %s}
                """.formatted(apiVersion, name, ip, host, service, strategy), GenericKubernetesResource.class);
    }

    /** The Service and its one EndpointSlice with one endpoint, ready or not. */
    static void backend(String service, boolean ready) {
        client.resource(new ServiceBuilder().withNewMetadata().withName(service).withNamespace(NS).endMetadata()
                .withNewSpec().withType("ClusterIP").endSpec().build()).createOr(NonDeletingOperation::update);
        EndpointSlice slice = new EndpointSliceBuilder().withNewMetadata().withName(service + "-abc").withNamespace(NS)
                .withLabels(Map.of("kubernetes.io/service-name", service)).endMetadata().withAddressType("IPv4")
                .addNewEndpoint().withAddresses("10.244.0.7").withNewConditions().withReady(ready).endConditions().endEndpoint().build();
        client.resource(slice).createOr(NonDeletingOperation::update);
    }

    Optional<Endpoint> record(String name) {
        return provider.records().stream().filter(e -> e.name().toString().equals(name) && e.type() == RecordType.A).findFirst();
    }

    List<String> targets(String name) {
        return provider.records().stream().filter(e -> e.name().toString().equals(name) && e.type() == RecordType.A)
                .flatMap(e -> e.targets().stream()).sorted().toList();
    }

    /** The peer poller's narrow edge: what us-nyc says, changed by the test. */
    static final class FakePeers implements PeerView {
        volatile Runnable onChange = () -> { };
        volatile List<String> nyc = List.of();
        volatile Collection<DnsName> tracked = List.of();
        // When set, every host awaits the peers' first answer until then.
        volatile Instant awaiting;
        // When set, us-nyc is unreachable and this was its last answer.
        volatile Instant unreachableSince;

        void say(String tag, String... targets) {
            nyc = List.of(targets);
            onChange.run();
        }

        @Override
        public List<PeerState> peers(DnsName host) {
            Instant since = unreachableSince;
            return List.of(since == null ? new PeerState("us-nyc", nyc, true, Instant.now()) : new PeerState("us-nyc", nyc, false, since));
        }

        @Override
        public void track(Collection<DnsName> hosts) {
            tracked = List.copyOf(hosts);
        }

        @Override
        public Optional<Instant> awaitingUntil(DnsName host) {
            return Optional.ofNullable(awaiting);
        }

        @Override
        public void close() {
        }
    }
}
