package dev.wayfinder.charts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.charts.DeployManifestsTest.Repo;
import dev.wayfinder.gslb.api.GslbParser;
import dev.wayfinder.gslb.api.GslbSpec;
import dev.wayfinder.gslb.api.GslbStrategySpec;
import dev.wayfinder.gslb.api.IngressAnnotations;
import dev.wayfinder.gslb.strategy.GslbPolicy;
import dev.wayfinder.gslb.strategy.StrategyType;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.provider.DomainFilter;
import dev.wayfinder.source.ServiceSource;
import dev.wayfinder.source.api.SourceResult;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** deploy/examples/seed, read by the controller's own parsers and sources. */
class DeployManifestsSeedTest {

    static final Path SEED_DIR = DeployManifestsTest.DEPLOY.resolve("examples/seed");

    /** The seed's Gslb as k8gb users write it (the controller's GslbParserTest.SEED, in the legacy group). */
    static final String SEED = """
            apiVersion: k8gb.absa.oss/v1beta1
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

    static GslbSpec gslb(String file) {
        HasMetadata o = Repo.objects(SEED_DIR.resolve(file)).get(0);
        assertThat(o).as(file).isInstanceOf(GenericKubernetesResource.class);
        return GslbParser.parse((GenericKubernetesResource) o);
    }

    static <T> T only(String file, Class<T> type) {
        List<HasMetadata> objects = Repo.objects(SEED_DIR.resolve(file));
        assertThat(objects).as(file).singleElement().isInstanceOf(type);
        return type.cast(objects.get(0));
    }

    @Test
    void theFailoverGslbIsTheSeed() {
        GslbSpec spec = gslb("gslb-failover.yaml");

        assertThat(spec).isEqualTo(GslbParser.parse(Serialization.unmarshal(SEED, GenericKubernetesResource.class)));
        DnsName host = DnsName.hostname("fe.gb.foowidgets.k8s");
        assertThat(spec.apiVersion()).isEqualTo("k8gb.absa.oss/v1beta1");
        assertThat(spec.namespace()).isEqualTo("test-gslb");
        assertThat(spec.name()).isEqualTo("test-gslb-failover");
        assertThat(spec.hosts()).containsExactly(host);
        assertThat(spec.services()).containsExactly(Map.entry(host, List.of("frontend-podinfo")));
        assertThat(spec.strategy()).isEqualTo(new GslbStrategySpec(StrategyType.FAILOVER, Optional.of("us-buf"), Map.of(), 30));
        assertThat(spec.strategy().toPolicy().failoverOrder()).containsExactly("us-buf");
    }

    @Test
    void theWeightedAndGeoGslbsParse() {
        GslbSpec weighted = gslb("gslb-weighted.yaml");
        assertThat(weighted.apiVersion()).isEqualTo("k8gb.io/v1beta1");
        assertThat(weighted.hosts()).containsExactly(DnsName.hostname("wrr.gb.foowidgets.k8s"));
        assertThat(weighted.strategy().type()).isEqualTo(StrategyType.ROUND_ROBIN);
        assertThat(weighted.policy().weights()).isEqualTo(Map.of("us-buf", 80, "us-nyc", 20));

        GslbSpec geo = gslb("gslb-geoip.yaml");
        assertThat(geo.hosts()).containsExactly(DnsName.hostname("geo.gb.foowidgets.k8s"));
        assertThat(geo.strategy().type()).isEqualTo(StrategyType.GEOIP);
        assertThat(geo.policy().ttlSeconds()).isEqualTo(30);
    }

    @Test
    void theAnnotatedIngressStandsForAFailoverGslb() {
        Ingress ingress = only("ingress-annotated.yaml", Ingress.class);

        Optional<GslbPolicy> policy = IngressAnnotations.policy("Ingress test-gslb/podinfo-annotated", ingress.getMetadata().getAnnotations());

        assertThat(policy).get().satisfies(p -> {
            assertThat(p.type()).isEqualTo(StrategyType.FAILOVER);
            assertThat(p.failoverOrder()).containsExactly("us-nyc");
            assertThat(p.ttlSeconds()).isEqualTo(30);
            assertThat(p.failbackHoldDown()).isEqualTo(Duration.ofMinutes(2));
        });
        assertThat(ingress.getSpec().getRules()).singleElement().satisfies(r -> assertThat(r.getHost()).isEqualTo("ann.gb.foowidgets.k8s"));
    }

    @Test
    void everyGslbHostIsInTheOverlaysZoneAndTheBackendServiceExists() {
        DomainFilter zone = DomainFilter.of("gb.foowidgets.k8s");
        List<GslbSpec> gslbs = List.of(gslb("gslb-failover.yaml"), gslb("gslb-weighted.yaml"), gslb("gslb-geoip.yaml"));
        Map<String, HasMetadata> seed = Repo.build(SEED_DIR);
        for (GslbSpec g : gslbs) {
            assertThat(g.hosts()).allSatisfy(h -> assertThat(zone.matches(h)).as(h + " in gb.foowidgets.k8s").isTrue());
            g.services().values().stream().flatMap(List::stream)
                    .forEach(s -> assertThat(seed).as(g.name() + " backend").containsKey(Repo.id("Service", g.namespace(), s)));
        }
    }

    @Test
    void theNginxServiceIsPublishedOnceItsLoadBalancerHasAnAddress() {
        Service shipped = only("nginx-service.yaml", Service.class);
        assertThat(shipped.getSpec().getType()).isEqualTo("LoadBalancer");

        SourceResult before = ServiceSource.endpoints(shipped, List.of(), List.of());
        assertThat(before.endpoints()).isEmpty();
        assertThat(before.problems()).isEmpty();

        Service assigned = new ServiceBuilder(shipped).withNewStatus().withNewLoadBalancer().addNewIngress().withIp("172.18.200.101")
                .endIngress().endLoadBalancer().endStatus().build();
        SourceResult after = ServiceSource.endpoints(assigned, List.of(), List.of());

        assertThat(after.problems()).isEmpty();
        assertThat(after.endpoints()).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo(DnsName.of("nginx.foowidgets.k8s"));
            assertThat(e.type()).isEqualTo(RecordType.A);
            assertThat(e.targets()).containsExactly("172.18.200.101");
            assertThat(e.metadata().resource()).isEqualTo("service/default/nginx");
        });
        // The base (zone foowidgets.k8s) publishes it; the GSLB overlays (gb.foowidgets.k8s) do not, as the README says.
        Endpoint e = after.endpoints().get(0);
        assertThat(DomainFilter.of("foowidgets.k8s").matches(e.name())).isTrue();
        assertThat(DomainFilter.of("gb.foowidgets.k8s").matches(e.name())).isFalse();
    }

    @Test
    void theReadmeListsEveryFile() throws Exception {
        String readme = Files.readString(SEED_DIR.resolve("README.md"));
        try (var files = Files.list(SEED_DIR)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .forEach(n -> assertThat(readme).as("README.md mentions " + n).contains("`" + n + "`"));
        }
    }
}
