package dev.wayfinder.source.api;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts core/v1 Events on the object a record came from. Best effort: a failure to post is
 * logged, never allowed to stop a reconcile.
 */
public final class KubernetesEvents implements EventSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesEvents.class);
    static final String COMPONENT = "wayfinder-controller";

    private final KubernetesClient client;
    // Posting is slow next to a reconcile; it happens off the reconcile thread, in order.
    private final ExecutorService poster = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "events");
        t.setDaemon(true);
        return t;
    });

    public KubernetesEvents(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public void emit(String resource, Reason reason, boolean warning, String message) {
        poster.execute(() -> post(resource, reason, warning, message));
    }

    @Override
    public void emit(Target target, String reason, boolean warning, String message) {
        poster.execute(() -> post(target.toString(), new ObjectReferenceBuilder().withApiVersion(target.apiVersion())
                .withKind(target.kind()).withNamespace(target.namespace()).withName(target.name())
                .withUid(target.uid() == null || target.uid().isEmpty() ? null : target.uid()).build(), reason, warning, message));
    }

    private void post(String resource, Reason reason, boolean warning, String message) {
        String[] parts = resource.split("/", 3);
        if (parts.length != 3) {
            return;
        }
        ObjectReference ref = switch (parts[0]) {
            case "service" -> ref("v1", "Service", parts);
            case "ingress" -> ref("networking.k8s.io/v1", "Ingress", parts);
            case "crd" -> ref("externaldns.k8s.io/v1alpha1", "DNSEndpoint", parts);
            // Either API group: kubectl describe finds Events by kind, namespace and name.
            case "gslb" -> ref("k8gb.io/v1beta1", "Gslb", parts);
            default -> null;
        };
        if (ref == null) {
            return;
        }
        post(resource, ref, reason.name().charAt(0) + reason.name().substring(1).toLowerCase(Locale.ROOT), warning, message);
    }

    private void post(String resource, ObjectReference ref, String reasonText, boolean warning, String message) {
        String now = Instant.now().toString();
        try {
            client.v1().events().inNamespace(ref.getNamespace()).resource(new EventBuilder()
                    .withNewMetadata().withName(ref.getName() + "." + UUID.randomUUID().toString().substring(0, 8))
                    .withNamespace(ref.getNamespace()).endMetadata()
                    .withInvolvedObject(ref).withReason(reasonText).withMessage(message).withType(warning ? "Warning" : "Normal")
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                    .withNewSource().withComponent(COMPONENT).endSource().build()).create();
        } catch (KubernetesClientException e) {
            LOG.warn("Could not post a {} event on {}: {}", reasonText, resource, e.getMessage());
        }
    }

    @Override
    public void close() {
        poster.shutdownNow();
    }

    private static ObjectReference ref(String apiVersion, String kind, String[] parts) {
        return new ObjectReferenceBuilder().withApiVersion(apiVersion).withKind(kind).withNamespace(parts[1]).withName(parts[2]).build();
    }
}
