package dev.wayfinder.controller;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import java.util.Map;

/** Kubernetes objects as the seed story writes them. */
public final class ObjectsFixture {

    public static final String HOSTNAME = "external-dns.alpha.kubernetes.io/hostname";

    private ObjectsFixture() {
    }

    public static Service loadBalancer(String name, Map<String, String> annotations, String ip) {
        return new ServiceBuilder()
                .withNewMetadata().withNamespace("default").withName(name).withAnnotations(annotations).endMetadata()
                .withNewSpec().withType("LoadBalancer").withClusterIP("10.96.0.10")
                .addNewPort().withName("http").withProtocol("TCP").withPort(80).endPort().endSpec()
                .withNewStatus().withNewLoadBalancer().addNewIngress().withIp(ip).endIngress().endLoadBalancer().endStatus()
                .build();
    }

    public static Ingress ingress(String name, String host, String ip) {
        return new IngressBuilder()
                .withNewMetadata().withNamespace("default").withName(name).endMetadata()
                .withNewSpec().addNewRule().withHost(host).endRule().endSpec()
                .withNewStatus().withNewLoadBalancer().addNewIngress().withIp(ip).endIngress().endLoadBalancer().endStatus()
                .build();
    }
}
