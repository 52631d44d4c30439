package dev.wayfinder.gslb.kube;

import dev.wayfinder.gslb.api.GslbSpec;
import dev.wayfinder.gslb.api.GslbStrategySpec;
import dev.wayfinder.gslb.api.GslbValidationException;
import dev.wayfinder.gslb.api.IngressAnnotations;
import dev.wayfinder.source.api.Problem;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * k8gb's deprecated path (its §1.5): an Ingress annotated {@code k8gb.io/strategy}, not itself owned by a
 * Gslb, stands for a Gslb of the same name and namespace, owned by the Ingress, referencing it by name,
 * with the annotations' strategy. Later annotation changes overwrite the strategy (weights already on the
 * Gslb are kept); a Gslb of that name the Ingress does not own is left alone, as k8gb leaves it.
 * The created Gslb is then read like any other.
 */
public final class AnnotatedIngresses {

    private static final Logger LOG = LoggerFactory.getLogger(AnnotatedIngresses.class);
    /** Annotations copied from the Ingress onto its Gslb: k8gb's exposed addresses and Wayfinder's policy extras. */
    private static final List<String> COPIED_PREFIXES = List.of(GslbSpec.EXPOSED_IP_ADDRESSES, "wayfinder.dev/");

    // The cache sees a write only when its watch event arrives; until then another lane's pass would write it again.
    private static final java.time.Duration SETTLING = java.time.Duration.ofSeconds(10);

    private final KubernetesClient client;
    private final java.time.Clock clock;
    private final Map<String, java.time.Instant> recent = new java.util.concurrent.ConcurrentHashMap<>();

    public AnnotatedIngresses(KubernetesClient client, java.time.Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** True for an Ingress opted in with {@code k8gb.io/strategy} that is not a Gslb's managed Ingress. */
    static boolean optedIn(Ingress ingress) {
        Map<String, String> a = ingress.getMetadata().getAnnotations();
        return a != null && a.containsKey(IngressAnnotations.STRATEGY) && Optional.ofNullable(ingress.getMetadata().getOwnerReferences())
                .orElse(List.of()).stream().noneMatch(o -> "Gslb".equals(o.getKind()));
    }

    /** The Gslb the Ingress stands for, in {@code apiVersion}; throws with every problem naming its annotation. */
    static GenericKubernetesResource desired(Ingress ingress, String apiVersion) {
        String object = "Ingress " + ingress.getMetadata().getNamespace() + "/" + ingress.getMetadata().getName();
        Map<String, String> annotations = ingress.getMetadata().getAnnotations();
        IngressAnnotations.policy(object, annotations);
        GslbStrategySpec s = IngressAnnotations.strategy(object, annotations).orElseThrow();
        Map<String, Object> strategy = new LinkedHashMap<>();
        strategy.put("type", s.type().wire());
        s.primaryGeoTag().ifPresent(p -> strategy.put("primaryGeoTag", p));
        strategy.put("dnsTtlSeconds", s.dnsTtlSeconds());
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("resourceRef", Map.of("apiVersion", "networking.k8s.io/v1", "kind", "Ingress", "name", ingress.getMetadata().getName()));
        spec.put("strategy", strategy);
        Map<String, String> copied = new LinkedHashMap<>();
        annotations.forEach((k, v) -> {
            if (COPIED_PREFIXES.stream().anyMatch(k::startsWith)) {
                copied.put(k, v);
            }
        });
        OwnerReference owner = new OwnerReferenceBuilder().withApiVersion("networking.k8s.io/v1").withKind("Ingress")
                .withName(ingress.getMetadata().getName()).withUid(ingress.getMetadata().getUid()).withController(true)
                .withBlockOwnerDeletion(true).build();
        return new GenericKubernetesResourceBuilder().withApiVersion(apiVersion).withKind("Gslb").withNewMetadata()
                .withName(ingress.getMetadata().getName()).withNamespace(ingress.getMetadata().getNamespace()).withAnnotations(copied)
                .withOwnerReferences(owner).endMetadata().addToAdditionalProperties("spec", spec).build();
    }

    /** Whether {@code existing} (the Gslb of that name) is this Ingress's, and already says what {@code desired} says. */
    static boolean ownedBy(GenericKubernetesResource existing, Ingress ingress) {
        return Optional.ofNullable(existing.getMetadata().getOwnerReferences()).orElse(List.of()).stream()
                .anyMatch(o -> Objects.equals(o.getUid(), ingress.getMetadata().getUid()));
    }

    @SuppressWarnings("unchecked")
    static boolean upToDate(GenericKubernetesResource existing, GenericKubernetesResource desired) {
        Map<String, Object> have = (Map<String, Object>) existing.getAdditionalProperties().getOrDefault("spec", Map.of());
        Map<String, Object> want = (Map<String, Object>) desired.getAdditionalProperties().get("spec");
        Map<String, Object> haveStrategy = (Map<String, Object>) have.getOrDefault("strategy", Map.of());
        Map<String, Object> wantStrategy = (Map<String, Object>) want.get("strategy");
        boolean strategy = wantStrategy.entrySet().stream().allMatch(e -> Objects.equals(String.valueOf(haveStrategy.get(e.getKey())),
                String.valueOf(e.getValue()))) && (wantStrategy.containsKey("primaryGeoTag") || !haveStrategy.containsKey("primaryGeoTag"));
        Map<String, String> annotations = Optional.ofNullable(existing.getMetadata().getAnnotations()).orElse(Map.of());
        return strategy && Objects.equals(have.get("resourceRef"), want.get("resourceRef"))
                && annotations.entrySet().containsAll(desired.getMetadata().getAnnotations().entrySet());
    }

    /** {@code existing} with {@code desired}'s strategy (its weights kept), reference and copied annotations. */
    @SuppressWarnings("unchecked")
    static GenericKubernetesResource merged(GenericKubernetesResource existing, GenericKubernetesResource desired) {
        GenericKubernetesResource out = new GenericKubernetesResourceBuilder(existing).build();
        Map<String, Object> spec = new LinkedHashMap<>((Map<String, Object>) existing.getAdditionalProperties().getOrDefault("spec", Map.of()));
        Map<String, Object> want = (Map<String, Object>) desired.getAdditionalProperties().get("spec");
        Map<String, Object> strategy = new LinkedHashMap<>((Map<String, Object>) want.get("strategy"));
        Object weight = ((Map<String, Object>) spec.getOrDefault("strategy", Map.of())).get("weight");
        if (weight != null) {
            strategy.put("weight", weight);
        }
        spec.put("strategy", strategy);
        spec.put("resourceRef", want.get("resourceRef"));
        spec.remove("ingress");
        out.getAdditionalProperties().put("spec", spec);
        Map<String, String> annotations = new LinkedHashMap<>(Optional.ofNullable(existing.getMetadata().getAnnotations()).orElse(Map.of()));
        annotations.putAll(desired.getMetadata().getAnnotations());
        out.getMetadata().setAnnotations(annotations);
        return out;
    }

    /**
     * Creates or updates the Gslb of every opted-in Ingress. Bad annotations are problems on the Ingress;
     * write failures are logged and retried on the next pass.
     *
     * @param existing finds the cached Gslb of a namespace and name, in either API group
     * @param group    the API group new Gslbs are created in
     */
    public List<Problem> sync(List<Ingress> ingresses, java.util.function.BiFunction<String, String, Optional<GenericKubernetesResource>> existing,
                       ResourceDefinitionContext group) {
        List<Problem> problems = new ArrayList<>();
        for (Ingress ingress : ingresses) {
            if (!optedIn(ingress)) {
                continue;
            }
            String ns = ingress.getMetadata().getNamespace();
            String name = ingress.getMetadata().getName();
            Optional<GenericKubernetesResource> current = existing.apply(ns, name);
            if (current.isPresent() && !ownedBy(current.get(), ingress)) {
                continue;
            }
            GenericKubernetesResource desired;
            try {
                desired = desired(ingress, current.map(GenericKubernetesResource::getApiVersion).orElse(group.getGroup() + "/" + group.getVersion()));
            } catch (GslbValidationException e) {
                e.problems().forEach(p -> problems.add(Problem.of("ingress/" + ns + "/" + name, p)));
                continue;
            }
            if (current.isPresent() && upToDate(current.get(), desired)) {
                continue;
            }
            write(ns, name, current, desired);
        }
        return problems;
    }

    private void write(String ns, String name, Optional<GenericKubernetesResource> current, GenericKubernetesResource desired) {
        java.time.Instant now = clock.instant();
        String key = ns + "/" + name + "|" + desired.getAdditionalProperties() + desired.getMetadata().getAnnotations();
        recent.values().removeIf(t -> t.plus(SETTLING).isBefore(now));
        if (recent.putIfAbsent(key, now) != null) {
            return;
        }
        ResourceDefinitionContext ctx = new ResourceDefinitionContext.Builder().withGroup(desired.getApiVersion().split("/")[0])
                .withVersion("v1beta1").withKind("Gslb").withPlural("gslbs").withNamespaced(true).build();
        var gslbs = client.genericKubernetesResources(ctx).inNamespace(ns);
        try {
            if (current.isEmpty()) {
                gslbs.resource(desired).create();
                LOG.info("Created Gslb {}/{} from the k8gb annotations of Ingress {}/{}", ns, name, ns, name);
            } else {
                gslbs.resource(merged(current.get(), desired)).update();
                LOG.info("Updated the strategy of Gslb {}/{} from the k8gb annotations of Ingress {}/{}", ns, name, ns, name);
            }
        } catch (KubernetesClientException e) {
            LOG.warn("Could not write Gslb {}/{} for annotated Ingress {}/{} (retried on the next pass): {}", ns, name, ns, name, e.getMessage());
        }
    }
}
