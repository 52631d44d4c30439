package dev.wayfinder.cli;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** One healthy Gslb in the CRUD mock: the k8gb.io CRD, Service apps/fe with a ready endpoint, and Gslb apps/fe on 10.2.1.167. */
final class GslbFixture {

    static final String HOST = "fe.gb.foowidgets.k8s";

    private GslbFixture() {
    }

    /** {@code strategy} is the Gslb's {@code spec.strategy} in YAML flow style, e.g. {@code {type: roundRobin}}. */
    static void publishHealthyGslb(KubernetesClient client, String strategy) throws IOException {
        client.apiextensions().v1().customResourceDefinitions().resource(Serialization.unmarshal(
                Files.readString(Path.of("..", "deploy", "crds", "gslb.k8gb.io.yaml")), CustomResourceDefinition.class)).create();
        client.resource(new ServiceBuilder().withNewMetadata().withName("fe").withNamespace("apps").endMetadata().withNewSpec()
                .withType("ClusterIP").endSpec().build()).create();
        client.resource(new EndpointSliceBuilder().withNewMetadata().withName("fe-1").withNamespace("apps")
                .withLabels(Map.of("kubernetes.io/service-name", "fe")).endMetadata().withAddressType("IPv4").addNewEndpoint()
                .withAddresses("10.244.0.3").endEndpoint().build()).create();
        client.resource(Serialization.unmarshal("""
                apiVersion: k8gb.io/v1beta1
                kind: Gslb
                metadata:
                  name: fe
                  namespace: apps
                  annotations: {k8gb.io/exposed-ip-addresses: 10.2.1.167}
                spec:
                  ingress: {rules: [{host: %s, http: {paths: [{path: /, backend: {service: {name: fe, port: {number: 80}}}}]}}]}
                  strategy: %s
                """.formatted(HOST, strategy), GenericKubernetesResource.class)).create();
    }
}
