package dev.wayfinder.charts;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rendered object is a well-formed Kubernetes object: fabric8's model knows every field (a misspelt field would
 * land in additionalProperties and be dropped by the API server), and names are unique per kind.
 */
class ChartManifestsTest {

    static Stream<Arguments> releases() throws java.io.IOException {
        Stream<Arguments> examples = ChartLintTest.examples().map(e -> Arguments.of(e, List.of(e), Map.of()));
        return Stream.concat(Stream.of(
                Arguments.of("defaults", List.of(), Map.of()),
                Arguments.of("every option on", List.of("us-buf.yaml", "etcd-tls.yaml", "wayfinder-dns.yaml"),
                        Map.of("networkPolicy.enabled", true, "serviceMonitor.enabled", true, "etcd.persistence.enabled", false,
                                "service.externalTrafficPolicy", "Local", "service.loadBalancerSourceRanges[0]", "192.0.2.0/24",
                                "service.annotations.metallb\\.universe\\.tf/loadBalancerIPs", "192.0.2.30",
                                "controller.extraEnv[0].name", "EXTRA", "controller.extraEnv[0].value", "1"))), examples);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void everyFieldIsKnownAndEveryNameUnique(String title, List<String> files, Map<String, Object> set) {
        ChartRender.Manifests manifests = ChartRender.render(files, set);

        List<String> unknown = new ArrayList<>();
        for (HasMetadata o : manifests.objects()) {
            if (!(o instanceof GenericKubernetesResource)) {
                collectUnknown(o, o.getKind() + "/" + o.getMetadata().getName(), unknown, Collections.newSetFromMap(new IdentityHashMap<>()));
            }
            assertThat(o.getMetadata().getName()).as("DNS-1123 name").matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?").hasSizeLessThanOrEqualTo(63);
        }
        assertThat(unknown).as("fields fabric8's model does not know").isEmpty();
        assertThat(manifests.objects()).extracting(o -> o.getKind() + "/" + o.getMetadata().getName()).doesNotHaveDuplicates();
        assertThat(manifests.objects()).filteredOn(o -> !o.getKind().startsWith("ClusterRole"))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).as(o.getKind()).isEqualTo(ChartRender.NAMESPACE));
    }

    private static void collectUnknown(Object node, String path, List<String> out, Set<Object> seen) {
        if (node == null || node instanceof String || node instanceof Number || node instanceof Boolean || node instanceof Enum<?>
                || !seen.add(node)) {
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> collectUnknown(v, path + "." + k, out, seen));
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                collectUnknown(item, path + "[" + i++ + "]", out, seen);
            }
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers()) || getter.getDeclaringClass() == Object.class
                    || !(getter.getName().startsWith("get") || getter.getName().startsWith("is"))) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(path + "." + getter.getName(), e);
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    out.add(path + ": " + extra.keySet());
                }
            } else {
                collectUnknown(value, path + "." + getter.getName(), out, seen);
            }
        }
    }
}
