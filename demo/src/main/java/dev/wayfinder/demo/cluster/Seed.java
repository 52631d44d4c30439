package dev.wayfinder.demo.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceStatusBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The seed story's objects, from the manifests in deploy/examples/seed (packaged with the demo):
 * the annotated nginx Service, the Gslbs, and {@code frontend-podinfo}, whose EndpointSlice this
 * class turns ready and not ready as the EndpointSlice controller would when the Deployment is
 * scaled to 0 and back (the CRUD mock API runs no controllers).
 */
public final class Seed {

    public static final String NGINX_HOST = "nginx.foowidgets.k8s";
    public static final String NGINX_IP = "172.18.200.101";
    public static final String GSLB_HOST = "fe.gb.foowidgets.k8s";
    public static final String GSLB_NAMESPACE = "test-gslb";
    public static final String GSLB_NAME = "test-gslb-failover";
    public static final String BACKEND = "frontend-podinfo";
    public static final String FAILOVER = "gslb-failover.yaml";
    public static final String WEIGHTED = "gslb-weighted.yaml";
    public static final String GEOIP = "gslb-geoip.yaml";

    private Seed() {
    }

    /** A manifest of deploy/examples/seed, as text. */
    public static String manifest(String file) {
        String name = "seed/" + file;
        try (InputStream in = Seed.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " (deploy/examples/seed) is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<HasMetadata> objects(KubernetesClient client, String file) {
        return client.load(new ByteArrayInputStream(manifest(file).getBytes(StandardCharsets.UTF_8))).items();
    }

    /** Publishes the seed's nginx Service and gives its load balancer {@code ip}, or moves it there, as a cloud load balancer would. */
    public static void publishNginx(KubernetesClient client, String ip) {
        Service seed = (Service) objects(client, "nginx-service.yaml").get(0);
        Service existing = client.resource(seed).get();
        if (existing == null) {
            existing = client.resource(seed).create();
        }
        existing.setStatus(new ServiceStatusBuilder().withNewLoadBalancer().addNewIngress().withIp(ip).endIngress().endLoadBalancer()
                .build());
        client.resource(existing).updateStatus();
    }

    /** Creates a Gslb from its manifest, after its namespace and backing Service (one pod, ready or not). */
    public static GenericKubernetesResource publishGslb(KubernetesClient client, String manifest, boolean ready) {
        GenericKubernetesResource gslb = Serialization.unmarshal(manifest, GenericKubernetesResource.class);
        publishBackend(client, ready);
        return client.genericKubernetesResources(gslb.getApiVersion(), gslb.getKind()).inNamespace(gslb.getMetadata().getNamespace())
                .resource(gslb).create();
    }

    /** The namespace and the {@code frontend-podinfo} Service of the seed, if not there yet, and its EndpointSlice. */
    public static void publishBackend(KubernetesClient client, boolean ready) {
        Namespace namespace = (Namespace) objects(client, "namespace.yaml").get(0);
        if (client.resource(namespace).get() == null) {
            client.resource(namespace).create();
        }
        Service backend = objects(client, "podinfo.yaml").stream().filter(Service.class::isInstance).map(Service.class::cast)
                .findFirst().orElseThrow(() -> new IllegalStateException("podinfo.yaml has no Service"));
        if (client.resource(backend).get() == null) {
            client.resource(backend).create();
        }
        setReady(client, ready);
    }

    /**
     * A Gslb that stands on a backend of its own, {@code service} (a ClusterIP Service in the seed's namespace with one
     * ready pod), so the seed backend's readiness does not move it.
     */
    public static GenericKubernetesResource publishGslb(KubernetesClient client, String manifest, String service) {
        GenericKubernetesResource gslb = Serialization.unmarshal(manifest, GenericKubernetesResource.class);
        publishBackend(client, true);
        client.resource(new io.fabric8.kubernetes.api.model.ServiceBuilder().withNewMetadata().withNamespace(GSLB_NAMESPACE).withName(service)
                .endMetadata().withNewSpec().withType("ClusterIP").addNewPort().withName("http").withPort(80).endPort().endSpec().build())
                .createOr(existing -> existing.update());
        client.resource(slice(GSLB_NAMESPACE, service, true)).createOr(existing -> existing.update());
        return client.genericKubernetesResources(gslb.getApiVersion(), gslb.getKind()).inNamespace(gslb.getMetadata().getNamespace())
                .resource(gslb).create();
    }

    /** The backend's only pod becomes ready or not ready in its EndpointSlice. */
    public static void setReady(KubernetesClient client, boolean ready) {
        client.resource(slice(GSLB_NAMESPACE, BACKEND, ready)).createOr(existing -> existing.update());
    }

    static EndpointSlice slice(String namespace, String service, boolean ready) {
        return new EndpointSliceBuilder().withNewMetadata().withNamespace(namespace).withName(service + "-abcde")
                .withLabels(Map.of("kubernetes.io/service-name", service,
                        "endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io"))
                .endMetadata()
                .withAddressType("IPv4")
                .addNewEndpoint().withAddresses("10.42.0.17")
                .withNewConditions().withReady(ready).withServing(ready).withTerminating(false).endConditions()
                .withNewTargetRef().withKind("Pod").withNamespace(namespace).withName(service + "-7d9c8-xk2p4").endTargetRef()
                .endEndpoint()
                .addNewPort().withName("http").withPort(9898).withProtocol("TCP").endPort()
                .build();
    }
}
