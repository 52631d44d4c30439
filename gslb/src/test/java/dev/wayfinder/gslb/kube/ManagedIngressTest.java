package dev.wayfinder.gslb.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.gslb.api.GslbParserTest;
import dev.wayfinder.gslb.api.GslbSpec;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import org.junit.jupiter.api.Test;

/** The managed Ingress: what it should be, and when the cached one already is (so it is written only on a difference). */
class ManagedIngressTest {

    static final GslbSpec SEED = GslbParserTest.parse(GslbParserTest.SEED.formatted("k8gb.absa.oss/v1beta1"));

    @Test
    void ownedByTheGslbAndCarryingItsSpec() {
        Ingress desired = ManagedIngress.desired(SEED, "uid-1").orElseThrow();

        assertThat(desired.getMetadata().getName()).isEqualTo("test-gslb-failover");
        assertThat(desired.getMetadata().getNamespace()).isEqualTo("test-gslb");
        assertThat(desired.getMetadata().getLabels()).containsEntry(ManagedIngress.MANAGED_BY, "gslb");
        assertThat(desired.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getApiVersion()).isEqualTo("k8gb.absa.oss/v1beta1");
            assertThat(o.getKind()).isEqualTo("Gslb");
            assertThat(o.getUid()).isEqualTo("uid-1");
            assertThat(o.getController()).isTrue();
        });
        assertThat(desired.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(desired.getSpec().getRules()).singleElement().satisfies(r -> {
            assertThat(r.getHost()).isEqualTo("fe.gb.foowidgets.k8s");
            assertThat(r.getHttp().getPaths().get(0).getBackend().getService().getName()).isEqualTo("frontend-podinfo");
        });
    }

    @Test
    void fieldsTheServerAddsAndTheStatusAreNoDifference() {
        Ingress desired = ManagedIngress.desired(SEED, "uid-1").orElseThrow();
        Ingress stored = new IngressBuilder(desired).editMetadata().withResourceVersion("7").addToLabels("team", "web").endMetadata()
                .editSpec().editFirstRule().editHttp().editFirstPath().withPathType("Prefix").endPath().endHttp().endRule().endSpec()
                .withNewStatus().withNewLoadBalancer().addNewIngress().withIp("10.2.1.167").endIngress().endLoadBalancer().endStatus().build();

        assertThat(ManagedIngress.upToDate(stored, desired)).isTrue();

        Ingress edited = new IngressBuilder(stored).editSpec().withIngressClassName("traefik").endSpec().build();
        assertThat(ManagedIngress.upToDate(edited, desired)).isFalse();
        Ingress merged = ManagedIngress.merged(edited, desired);
        assertThat(merged.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(merged.getStatus().getLoadBalancer().getIngress().get(0).getIp()).isEqualTo("10.2.1.167");
        assertThat(merged.getMetadata().getLabels()).containsEntry("team", "web").containsEntry(ManagedIngress.MANAGED_BY, "gslb");
        assertThat(merged.getMetadata().getResourceVersion()).isEqualTo("7");

        Ingress otherOwner = new IngressBuilder(stored).editMetadata().editFirstOwnerReference().withUid("uid-2").endOwnerReference()
                .endMetadata().build();
        assertThat(ManagedIngress.upToDate(otherOwner, desired)).isFalse();
    }

    @Test
    void referencedModeManagesNoIngress() {
        GslbSpec ref = GslbParserTest.parse("""
                apiVersion: k8gb.io/v1beta1
                kind: Gslb
                metadata: {name: g, namespace: apps}
                spec:
                  resourceRef: {apiVersion: networking.k8s.io/v1, kind: Ingress, name: fe}
                  strategy: {type: roundRobin}
                """);
        assertThat(ManagedIngress.desired(ref, "uid")).isEmpty();
    }
}
