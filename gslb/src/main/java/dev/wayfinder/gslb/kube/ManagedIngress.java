package dev.wayfinder.gslb.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wayfinder.gslb.api.GslbSpec;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressSpec;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Ingress an embedded-mode Gslb stands for, as k8gb creates it: same name and namespace, owned by the
 * Gslb (so deleting the Gslb deletes it), labelled {@code app.k8gb.io/managed-by=gslb}. Pure: what it
 * should be, and whether the cached one already is.
 */
public final class ManagedIngress {

    public static final String MANAGED_BY = "app.k8gb.io/managed-by";
    /** Tells ExternalDNS and Wayfinder's own ingress source to leave the hosts to the Gslb (they would publish them directly). */
    static final String DNS_CONTROLLER = "external-dns.alpha.kubernetes.io/controller";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ManagedIngress() {
    }

    /** The desired Ingress; the Gslb's uid makes the owner reference. Empty in referenced mode. */
    public static Optional<Ingress> desired(GslbSpec spec, String gslbUid) {
        if (spec.ingress().isEmpty()) {
            return Optional.empty();
        }
        IngressSpec ingressSpec = toV1(spec.ingress().get());
        OwnerReference owner = new OwnerReferenceBuilder().withApiVersion(spec.apiVersion()).withKind("Gslb").withName(spec.name())
                .withUid(gslbUid).withController(true).withBlockOwnerDeletion(true).build();
        return Optional.of(new IngressBuilder().withNewMetadata().withName(spec.name()).withNamespace(spec.namespace())
                .withLabels(Map.of(MANAGED_BY, "gslb")).withAnnotations(Map.of(DNS_CONTROLLER, "k8gb"))
                .withOwnerReferences(owner).endMetadata().withSpec(ingressSpec).build());
    }

    /** The fields k8gb copies from its embedded spec into the Ingress (its IngressSpec), as they are named in the Ingress. */
    static final List<String> MANAGED_FIELDS = List.of("ingressClassName", "defaultBackend", "tls", "rules");

    /**
     * k8gb's {@code ToV1IngressSpec} (api/v1beta1io/upstream_types.go lines 184-199): the embedded spec's {@code backend} becomes
     * the Ingress's {@code defaultBackend}; {@code ingressClassName}, {@code tls} and the rules' {@code host} and {@code http}
     * are copied; anything else is not part of k8gb's embedded spec and is left out.
     */
    static IngressSpec toV1(Map<String, Object> embedded) {
        Map<String, Object> v1 = new LinkedHashMap<>();
        copy(embedded, "ingressClassName", v1, "ingressClassName");
        copy(embedded, "backend", v1, "defaultBackend");
        copy(embedded, "tls", v1, "tls");
        if (embedded.get("rules") instanceof List<?> rules) {
            v1.put("rules", rules.stream().map(r -> {
                Map<String, Object> rule = new LinkedHashMap<>();
                if (r instanceof Map<?, ?> m) {
                    copy(m, "host", rule, "host");
                    copy(m, "http", rule, "http");
                }
                return rule;
            }).toList());
        }
        return JSON.convertValue(v1, IngressSpec.class);
    }

    private static void copy(Map<?, ?> from, String key, Map<String, Object> to, String as) {
        if (from.get(key) != null) {
            to.put(as, from.get(key));
        }
    }

    /**
     * True when {@code current} already carries everything {@code desired} says, compared as data: fields the API server
     * adds inside them (such as a path's defaulted {@code pathType}) are no difference, but a managed field the Gslb no
     * longer sets is. So a steady pass writes nothing, and a changed Gslb is written once.
     */
    public static boolean upToDate(Ingress current, Ingress desired) {
        Map<String, String> labels = Optional.ofNullable(current.getMetadata().getLabels()).orElse(Map.of());
        Map<String, String> annotations = Optional.ofNullable(current.getMetadata().getAnnotations()).orElse(Map.of());
        List<OwnerReference> owners = Optional.ofNullable(current.getMetadata().getOwnerReferences()).orElse(List.of());
        OwnerReference want = desired.getMetadata().getOwnerReferences().get(0);
        return labels.entrySet().containsAll(desired.getMetadata().getLabels().entrySet())
                && annotations.entrySet().containsAll(desired.getMetadata().getAnnotations().entrySet())
                && owners.stream().anyMatch(o -> want.getUid().equals(o.getUid()) && Boolean.TRUE.equals(o.getController()))
                && contains(JSON.valueToTree(current.getSpec()), JSON.valueToTree(desired.getSpec()))
                && noneDropped(JSON.valueToTree(current.getSpec()), JSON.valueToTree(desired.getSpec()));
    }

    private static boolean noneDropped(JsonNode have, JsonNode want) {
        return MANAGED_FIELDS.stream().allMatch(f -> empty(have == null ? null : have.get(f)) || !empty(want == null ? null : want.get(f)));
    }

    private static boolean empty(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() || (n.isContainerNode() && n.isEmpty());
    }

    /** {@code current} with {@code desired}'s spec, labels, annotations and owner; everything else (status included) kept. */
    public static Ingress merged(Ingress current, Ingress desired) {
        Map<String, String> labels = new LinkedHashMap<>(Optional.ofNullable(current.getMetadata().getLabels()).orElse(Map.of()));
        labels.putAll(desired.getMetadata().getLabels());
        Map<String, String> annotations = new LinkedHashMap<>(Optional.ofNullable(current.getMetadata().getAnnotations()).orElse(Map.of()));
        annotations.putAll(desired.getMetadata().getAnnotations());
        return new IngressBuilder(current).editMetadata().withLabels(labels).withAnnotations(annotations)
                .withOwnerReferences(desired.getMetadata().getOwnerReferences()).endMetadata().withSpec(desired.getSpec()).build();
    }

    /** Every field of {@code want} is in {@code have} with the same value; arrays match element by element. */
    static boolean contains(JsonNode have, JsonNode want) {
        if (want == null || want.isNull() || want.isMissingNode() || (want.isContainerNode() && want.isEmpty())) {
            return true;
        }
        if (have == null || have.isNull() || have.isMissingNode()) {
            return false;
        }
        if (want.isObject()) {
            if (!have.isObject()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!contains(have.get(e.getKey()), e.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (want.isArray()) {
            if (!have.isArray() || have.size() != want.size()) {
                return false;
            }
            for (int i = 0; i < want.size(); i++) {
                if (!contains(have.get(i), want.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return want.equals(have);
    }
}
