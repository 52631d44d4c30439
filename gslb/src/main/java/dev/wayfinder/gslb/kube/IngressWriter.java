package dev.wayfinder.gslb.kube;

import dev.wayfinder.gslb.api.GslbSpec;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates or updates the managed Ingress of an embedded-mode Gslb, only when the cached one differs.
 * A failure is logged and the next pass tries again; it never fails the pass.
 */
public final class IngressWriter {

    private static final Logger LOG = LoggerFactory.getLogger(IngressWriter.class);

    // The cache sees a write only when its watch event arrives; until then another lane's pass would write it again.
    private static final Duration SETTLING = Duration.ofSeconds(10);

    private final KubernetesClient client;
    private final Clock clock;
    private final Map<String, Written> recent = new ConcurrentHashMap<>();

    private record Written(Ingress desired, Instant at) {
    }

    public IngressWriter(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** Brings the managed Ingress in line; a problem ({@code field: message}) when it cannot be taken over. */
    public Optional<String> ensure(GslbSpec spec, String gslbUid, Optional<Ingress> current) {
        Optional<Ingress> desired;
        try {
            desired = ManagedIngress.desired(spec, gslbUid);
        } catch (IllegalArgumentException e) {
            return Optional.of("spec.ingress: not an IngressSpec: " + e.getMessage());
        }
        if (desired.isEmpty() || current.isPresent() && ManagedIngress.upToDate(current.get(), desired.get())) {
            return Optional.empty();
        }
        String object = "Ingress " + spec.namespace() + "/" + spec.name();
        Optional<OwnerReference> otherController = current.flatMap(c -> Optional.ofNullable(c.getMetadata().getOwnerReferences())
                .orElse(List.of()).stream().filter(o -> Boolean.TRUE.equals(o.getController()) && !gslbUid.equals(o.getUid())).findFirst());
        if (otherController.isPresent()) {
            return Optional.of("metadata.name: " + object + " already exists, controlled by " + otherController.get().getKind() + " "
                    + otherController.get().getName() + "; it is not taken over");
        }
        Instant now = clock.instant();
        recent.values().removeIf(w -> w.at().plus(SETTLING).isBefore(now));
        Written last = recent.get(gslbUid);
        if (last != null && last.desired().equals(desired.get()) && last.at().plus(SETTLING).isAfter(now)) {
            return Optional.empty();
        }
        recent.put(gslbUid, new Written(desired.get(), now));
        var ingresses = client.network().v1().ingresses().inNamespace(spec.namespace());
        try {
            if (current.isEmpty()) {
                ingresses.resource(desired.get()).create();
                LOG.info("Created {} for Gslb {}/{}", object, spec.namespace(), spec.name());
            } else {
                ingresses.resource(ManagedIngress.merged(current.get(), desired.get())).update();
                LOG.info("Updated {} to match Gslb {}/{}", object, spec.namespace(), spec.name());
            }
        } catch (KubernetesClientException e) {
            LOG.warn("Could not write {} for Gslb {}/{} (retried on the next pass): {}", object, spec.namespace(), spec.name(),
                    e.getMessage());
        }
        return Optional.empty();
    }
}
