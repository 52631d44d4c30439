package dev.wayfinder.gslb.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.gslb.status.GslbStatus;
import dev.wayfinder.testing.CrudMockApi;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The CRD manifests in deploy/crds parse, describe k8gb's Gslb, and accept the seed's manifest on an API server. */
@CrudMockApi
public class GslbCrdTest {

    static final Path CRDS = Path.of("..", "deploy", "crds");
    KubernetesClient client;

    public static CustomResourceDefinition load(String file) throws IOException {
        return Serialization.unmarshal(Files.readString(CRDS.resolve(file)), CustomResourceDefinition.class);
    }

    @ParameterizedTest
    @CsvSource({"gslb.k8gb.absa.oss.yaml, k8gb.absa.oss, false", "gslb.k8gb.io.yaml, k8gb.io, true"})
    void manifestDescribesTheGslb(String file, String group, boolean hasServiceHealthPolicy) throws IOException {
        CustomResourceDefinition crd = load(file);

        assertThat(crd.getMetadata().getName()).isEqualTo("gslbs." + group);
        assertThat(crd.getSpec().getGroup()).isEqualTo(group);
        assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
        assertThat(crd.getSpec().getNames().getKind()).isEqualTo("Gslb");
        assertThat(crd.getSpec().getNames().getPlural()).isEqualTo("gslbs");
        assertThat(crd.getSpec().getVersions()).extracting(CustomResourceDefinitionVersion::getName).containsExactly("v1beta1");
        CustomResourceDefinitionVersion v = crd.getSpec().getVersions().get(0);
        assertThat(v.getServed()).isTrue();
        assertThat(v.getStorage()).isTrue();
        assertThat(v.getSubresources().getStatus()).isNotNull();

        Map<String, JSONSchemaProps> top = v.getSchema().getOpenAPIV3Schema().getProperties();
        JSONSchemaProps spec = top.get("spec");
        assertThat(spec.getRequired()).containsExactly("strategy");
        assertThat(spec.getProperties().get("ingress").getXKubernetesPreserveUnknownFields()).isTrue();
        assertThat(spec.getProperties().get("resourceRef").getProperties()).containsKeys("apiVersion", "kind", "name", "matchLabels");
        JSONSchemaProps strategy = spec.getProperties().get("strategy");
        assertThat(strategy.getRequired()).containsExactly("type");
        assertThat(strategy.getProperties()).containsKeys("type", "primaryGeoTag", "weight", "dnsTtlSeconds");
        assertThat(spec.getProperties().containsKey("serviceHealthPolicy")).isEqualTo(hasServiceHealthPolicy);
        assertThat(top.get("status").getProperties()).containsKeys("serviceHealth", "healthyRecords", "geoTag", "hosts", "reasons");
    }

    @ParameterizedTest
    @CsvSource({"gslb.k8gb.absa.oss.yaml, k8gb.absa.oss/v1beta1", "gslb.k8gb.io.yaml, k8gb.io/v1beta1"})
    void theSeedManifestRoundTripsThroughTheApiServer(String file, String apiVersion) throws IOException {
        client.apiextensions().v1().customResourceDefinitions().resource(load(file)).create();
        GenericKubernetesResource seed = Serialization.unmarshal(GslbParserTest.SEED.formatted(apiVersion), GenericKubernetesResource.class);

        client.genericKubernetesResources(apiVersion, "Gslb").inNamespace("test-gslb").resource(seed).create();
        GenericKubernetesResource stored = client.genericKubernetesResources(apiVersion, "Gslb")
                .inNamespace("test-gslb").withName("test-gslb-failover").get();
        GslbSpec spec = GslbParser.parse(stored);

        assertThat(spec.apiVersion()).isEqualTo(apiVersion);
        assertThat(spec.strategy().primaryGeoTag()).contains("us-buf");

        GslbStatus status = new GslbStatus(Map.of("fe.gb.foowidgets.k8s", "Healthy"),
                Map.of("fe.gb.foowidgets.k8s", List.of("10.2.1.167")), "us-buf", List.of("fe.gb.foowidgets.k8s"),
                Map.of("fe.gb.foowidgets.k8s", "primary us-buf healthy"));
        stored.setAdditionalProperty("status", status.toMap());
        client.genericKubernetesResources(apiVersion, "Gslb").inNamespace("test-gslb").resource(stored).updateStatus();
        GenericKubernetesResource after = client.genericKubernetesResources(apiVersion, "Gslb")
                .inNamespace("test-gslb").withName("test-gslb-failover").get();
        assertThat(after.<String>get("status", "geoTag")).isEqualTo("us-buf");
        assertThat(after.<String>get("status", "hosts")).isEqualTo("fe.gb.foowidgets.k8s");
    }
}
