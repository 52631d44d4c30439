package dev.wayfinder.source;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Pod facts the Service and Pod sources share, read as ExternalDNS reads them. */
final class Pods {

    private Pods() {
    }

    /**
     * The Pods a Service's selector matches. An empty selector matches every Pod, as
     * {@code labels.Set(selector).AsSelectorPreValidated()} does in ExternalDNS's service.go.
     */
    static List<Pod> selectedBy(Map<String, String> selector, Collection<Pod> pods) {
        Map<String, String> s = Objects.requireNonNullElse(selector, Map.of());
        return pods.stream().filter(p -> {
            Map<String, String> labels = Objects.requireNonNullElse(p.getMetadata().getLabels(), Map.of());
            return s.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        }).toList();
    }

    /** service.go {@code isPodStatusReady}: the Ready condition is True. */
    static boolean ready(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return false;
        }
        for (PodCondition c : pod.getStatus().getConditions()) {
            if ("Ready".equals(c.getType())) {
                return "True".equals(c.getStatus());
            }
        }
        return false;
    }

    static boolean running(Pod pod) {
        return pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase());
    }

    static String nodeName(Pod pod) {
        return pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    }
}
