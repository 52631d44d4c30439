package dev.wayfinder.gslb.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wayfinder.gslb.api.GslbParser;
import dev.wayfinder.gslb.api.GslbSpec;
import dev.wayfinder.gslb.api.GslbValidationException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** k8gb's annotated-Ingress path: the Gslb an Ingress stands for, and when it needs writing. */
class AnnotatedIngressesTest {

    static Ingress ingress(Map<String, String> annotations) {
        return new IngressBuilder().withNewMetadata().withName("fe").withNamespace("apps").withUid("ing-uid").withAnnotations(annotations)
                .endMetadata().build();
    }

    static final Map<String, String> FAILOVER = Map.of("k8gb.io/strategy", "failover", "k8gb.io/primary-geotag", "us-buf",
            "k8gb.io/exposed-ip-addresses", "10.0.0.1", "wayfinder.dev/failback-hold-down", "2m", "unrelated", "x");

    @Test
    void theGslbReferencesTheIngressIsOwnedByItAndParses() {
        GenericKubernetesResource g = AnnotatedIngresses.desired(ingress(FAILOVER), "k8gb.io/v1beta1");

        assertThat(g.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("Ingress");
            assertThat(o.getUid()).isEqualTo("ing-uid");
            assertThat(o.getController()).isTrue();
        });
        assertThat(g.getMetadata().getAnnotations()).containsOnlyKeys("k8gb.io/exposed-ip-addresses", "wayfinder.dev/failback-hold-down");
        GslbSpec spec = GslbParser.parse(g);
        assertThat(spec.resourceRef()).get().satisfies(r -> {
            assertThat(r.kind()).isEqualTo("Ingress");
            assertThat(r.name()).contains("fe");
        });
        assertThat(spec.strategy().primaryGeoTag()).contains("us-buf");
        assertThat(spec.policy().failbackHoldDown()).hasMinutes(2);
        assertThat(spec.exposedIps()).containsExactly("10.0.0.1");
    }

    @Test
    void badAnnotationsNameTheAnnotation() {
        assertThatThrownBy(() -> AnnotatedIngresses.desired(ingress(Map.of("k8gb.io/strategy", "failover")), "k8gb.io/v1beta1"))
                .isInstanceOfSatisfying(GslbValidationException.class, e -> assertThat(e.problems())
                        .containsExactly("metadata.annotations[k8gb.io/primary-geotag]: required for failover"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void anAnnotationChangeRewritesTheStrategyAndKeepsTheWeights() {
        GenericKubernetesResource stored = new GenericKubernetesResourceBuilder(AnnotatedIngresses.desired(ingress(
                Map.of("k8gb.io/strategy", "roundRobin")), "k8gb.io/v1beta1")).build();
        Map<String, Object> spec = new LinkedHashMap<>((Map<String, Object>) stored.getAdditionalProperties().get("spec"));
        Map<String, Object> strategy = new LinkedHashMap<>((Map<String, Object>) spec.get("strategy"));
        strategy.put("weight", Map.of("us-buf", 80));
        spec.put("strategy", strategy);
        stored.getAdditionalProperties().put("spec", spec);
        GenericKubernetesResource same = AnnotatedIngresses.desired(ingress(Map.of("k8gb.io/strategy", "roundRobin")), "k8gb.io/v1beta1");
        assertThat(AnnotatedIngresses.upToDate(stored, same)).isTrue();

        GenericKubernetesResource changed = AnnotatedIngresses.desired(ingress(Map.of("k8gb.io/strategy", "roundRobin",
                "k8gb.io/dns-ttl-seconds", "10")), "k8gb.io/v1beta1");
        assertThat(AnnotatedIngresses.upToDate(stored, changed)).isFalse();
        GslbSpec merged = GslbParser.parse(AnnotatedIngresses.merged(stored, changed));
        assertThat(merged.strategy().dnsTtlSeconds()).isEqualTo(10);
        assertThat(merged.strategy().weight()).containsEntry("us-buf", 80);
    }

    @Test
    void onlyIngressesOptedInAndNotManagedByAGslbCount() {
        assertThat(AnnotatedIngresses.optedIn(ingress(FAILOVER))).isTrue();
        assertThat(AnnotatedIngresses.optedIn(ingress(Map.of("unrelated", "x")))).isFalse();
        Ingress managed = new IngressBuilder(ingress(FAILOVER)).editMetadata().addNewOwnerReference().withKind("Gslb").withName("fe")
                .withUid("g").endOwnerReference().endMetadata().build();
        assertThat(AnnotatedIngresses.optedIn(managed)).isFalse();
    }
}
