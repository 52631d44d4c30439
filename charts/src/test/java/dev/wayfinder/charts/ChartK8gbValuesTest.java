package dev.wayfinder.charts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.config.ControllerConfig;
import dev.wayfinder.gslb.settings.GslbSettings;
import dev.wayfinder.model.DnsName;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A k8gb install's values file works unchanged with this chart: k8gb v0.21's own chart/k8gb/values.yaml (a copy, in
 * src/test/resources/k8gb) renders, and the controller it deploys means what k8gb's deployment means with the same values.
 * k8gb turns its values into environment variables (chart/k8gb/templates/deployment.yaml lines 65-88, DNS_ZONES built by
 * _helpers.tpl lines 73-81); the controller reads those variables too, so the two configurations are compared field by field.
 */
class ChartK8gbValuesTest {

    static final Path K8GB_VALUES = resource("k8gb/values.yaml");

    /**
     * What k8gb's deployment.yaml sets from its values.yaml: lines 67-68 CLUSTER_GEO_TAG "eu" (values line 49), 69-70
     * EXT_GSLB_CLUSTERS_GEO_TAGS "eu,us" (line 53), 71-72 GLUEA_PREFIX (line 57), 73-74 EDGE_DNS_SERVERS (line 36), 79-80 DNS_ZONES
     * "parent:zone:negttl" (lines 26-29), 81-82 RECONCILE_REQUEUE_SECONDS (line 59), 87-88 NS_RECORD_TTL (line 65).
     */
    static final Map<String, String> K8GB_ENV = Map.of(
            "CLUSTER_GEO_TAG", "eu",
            "EXT_GSLB_CLUSTERS_GEO_TAGS", "eu,us",
            "GLUEA_PREFIX", "gslb-ns-",
            "EDGE_DNS_SERVERS", "1.1.1.1",
            "DNS_ZONES", "example.com:cloud.example.com:30",
            "RECONCILE_REQUEUE_SECONDS", "30",
            "ZONE_DELEGATION_RECONCILE_REQUEUE_SECONDS", "300",
            "NS_RECORD_TTL", "30",
            "COREDNS_SERVICE_TYPE", "ClusterIP",
            "LOG_LEVEL", "info");

    static Path resource(String name) {
        try {
            return Path.of(ChartK8gbValuesTest.class.getClassLoader().getResource(name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void k8gbsValuesFileRendersAndTheControllerMeansWhatK8gbsDeploymentMeans() throws Exception {
        ChartRender.Manifests manifests = ChartRender.render(List.of(K8GB_VALUES.toString()), Map.of());
        Container container = manifests.container(ChartRender.name("controller"));
        Map<String, String> podEnv = ChartRender.env(container, ChartCliTest.SECRET_STAND_IN);
        ControllerConfig ours = ChartCliTest.controllerConfig(container.getArgs(), podEnv);

        Map<String, String> k8gbEnv = new HashMap<>(podEnv);
        k8gbEnv.putAll(K8GB_ENV);
        ControllerConfig k8gbs = ChartCliTest.controllerConfig(List.of("controller", "--source=gslb", "--provider=coredns"), k8gbEnv);

        GslbSettings gslb = ours.gslb().orElseThrow();
        assertThat(gslb).isEqualTo(k8gbs.gslb().orElseThrow());
        assertThat(gslb.clusterGeoTag()).isEqualTo("eu");
        assertThat(gslb.discovered()).as("its own tag left out, as k8gb does").containsExactly("us");
        assertThat(gslb.zones()).containsExactly(DnsName.of("cloud.example.com"));
        assertThat(gslb.parent(DnsName.of("cloud.example.com"))).contains(DnsName.of("example.com"));
        assertThat(gslb.glueAPrefix()).isEqualTo("gslb-ns-");
        assertThat(gslb.nsRecordTtl()).isEqualTo(30);
        assertThat(ours.interval()).isEqualTo(k8gbs.interval()).hasSeconds(30);
        assertThat(ours.domainFilter()).isEqualTo(k8gbs.domainFilter());
        assertThat(ours.sources()).isEqualTo(k8gbs.sources());

        // k8gb's coredns.serviceType and its RBAC switches; its own CoreDNS build replaced by stock CoreDNS.
        assertThat(manifests.get(Service.class, ChartRender.name("coredns")).getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(manifests.get(Deployment.class, ChartRender.name("coredns")).getSpec().getTemplate().getSpec().getContainers().get(0)
                .getImage()).startsWith("coredns/coredns:");
        assertThat(manifests.get(ClusterRole.class, ChartRender.name("controller")).getRules())
                .anySatisfy(r -> assertThat(r.getApiGroups()).containsExactly("gateway.networking.k8s.io"))
                .anySatisfy(r -> assertThat(r.getApiGroups()).containsExactly("networking.istio.io"));
    }

    /** This chart's own names keep working, with k8gb's comma-separated string accepted for extGslbClustersGeoTags. */
    @Test
    void ourNamesStillWorkAndTakeK8gbsStringForThePeerTags() throws IOException {
        Path file = Files.createTempFile("ext-tags", ".yaml");
        file.toFile().deleteOnExit();
        Files.writeString(file, "extGslbClustersGeoTags: \"us-nyc, eu-ams\"\n");
        Container container = ChartRender.render(List.of("us-buf.yaml", file.toString()), Map.of()).container(ChartRender.name("controller"));

        assertThat(container.getArgs()).contains("--ext-gslb-clusters-geo-tags=us-nyc", "--ext-gslb-clusters-geo-tags=eu-ams",
                "--domain-filter=gb.foowidgets.k8s", "--edge-dns-zone=foowidgets.k8s", "--source=service");
        assertThat(container.getArgs()).noneMatch(a -> a.startsWith("--dns-zones"));
    }

    @Test
    void k8gbsInfobloxIsRefusedByName() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ChartRender.render(List.of(K8GB_VALUES.toString()),
                Map.of("infoblox.enabled", true))).hasMessageContaining("infoblox.enabled: Wayfinder has no Infoblox edge provider");
    }

    static {
        if (!Files.isRegularFile(K8GB_VALUES)) {
            throw new UncheckedIOException(new IOException("missing " + K8GB_VALUES));
        }
    }
}
