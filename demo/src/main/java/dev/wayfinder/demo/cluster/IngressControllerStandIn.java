package dev.wayfinder.demo.cluster;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the cluster's ingress controller: every Ingress (the Gslb's managed one included) gets the
 * cluster's ingress address in its status, as ingress-nginx would publish its load balancer's IP.
 * The CRUD mock API runs no controllers, so without this the Gslb would never see a target.
 */
final class IngressControllerStandIn implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngressControllerStandIn.class);

    private final SharedIndexInformer<Ingress> informer;

    private IngressControllerStandIn(SharedIndexInformer<Ingress> informer) {
        this.informer = informer;
    }

    static IngressControllerStandIn start(KubernetesClient client, String ip) {
        SharedIndexInformer<Ingress> informer = client.network().v1().ingresses().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Ingress ingress) {
                publish(client, ingress, ip);
            }

            @Override
            public void onUpdate(Ingress before, Ingress after) {
                publish(client, after, ip);
            }

            @Override
            public void onDelete(Ingress ingress, boolean unknownFinalState) {
            }
        });
        return new IngressControllerStandIn(informer);
    }

    private static void publish(KubernetesClient client, Ingress ingress, String ip) {
        List<String> current = ingress.getStatus() == null || ingress.getStatus().getLoadBalancer() == null
                ? List.of()
                : ingress.getStatus().getLoadBalancer().getIngress().stream().map(IngressLoadBalancerIngress::getIp)
                        .filter(Objects::nonNull).toList();
        if (current.equals(List.of(ip))) {
            return;
        }
        Ingress withStatus = new IngressBuilder(ingress).withNewStatus().withNewLoadBalancer().addNewIngress().withIp(ip).endIngress()
                .endLoadBalancer().endStatus().build();
        try {
            client.resource(withStatus).updateStatus();
            LOG.info("Ingress {}/{}: status load balancer IP set to {}", ingress.getMetadata().getNamespace(),
                    ingress.getMetadata().getName(), ip);
        } catch (KubernetesClientException e) {
            // A newer version arrived meanwhile; its update event brings us back here.
            LOG.debug("Ingress {}/{}: status not set ({}); retried on the next event", ingress.getMetadata().getNamespace(),
                    ingress.getMetadata().getName(), e.getMessage());
        }
    }

    @Override
    public void close() {
        informer.close();
    }
}
