package dev.wayfinder.charts;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code helm template} of charts/wayfinder through helm-java (Helm's own Go code, no binary on the path), parsed into
 * fabric8 objects so the tests can assert on what the chart means rather than on its text. Public, in the test-jar:
 * the system tests run what the chart renders (its Corefile on stock CoreDNS).
 */
public final class ChartRender {

    /** charts/wayfinder, found from the working directory: the charts module, the repository root, or a module below it. */
    public static final Path CHART = locateChart();
    /** The charts module. */
    static final Path MODULE = CHART.getParent();
    public static final Path EXAMPLES = CHART.resolve("examples");
    public static final String RELEASE = "wayfinder";
    public static final String NAMESPACE = "dns-system";
    /** The release's full name, the prefix of every object's name. */
    static final String FULLNAME = "wayfinder";

    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    private ChartRender() {
    }

    private static Path locateChart() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : List.of(dir.resolve("wayfinder"), dir.resolve("charts").resolve("wayfinder"))) {
                if (Files.isRegularFile(candidate.resolve("Chart.yaml"))) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("charts/wayfinder not found from " + Path.of("").toAbsolutePath() + " or above");
    }

    /** A rendered release: its objects in order. */
    public record Manifests(List<HasMetadata> objects) {

        public <T extends HasMetadata> List<T> all(Class<T> kind) {
            return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
        }

        public <T extends HasMetadata> Optional<T> find(Class<T> kind, String name) {
            return all(kind).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
        }

        public <T extends HasMetadata> T get(Class<T> kind, String name) {
            return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " named " + name + " among "
                    + objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList()));
        }

        List<HasMetadata> byKind(String kind) {
            return objects.stream().filter(o -> o.getKind().equals(kind)).toList();
        }

        /** Every pod template's spec with its owner's name (Deployments and StatefulSets). */
        Map<String, PodSpec> podSpecs() {
            Map<String, PodSpec> specs = new LinkedHashMap<>();
            all(Deployment.class).forEach(d -> specs.put("Deployment/" + d.getMetadata().getName(), d.getSpec().getTemplate().getSpec()));
            all(StatefulSet.class).forEach(s -> specs.put("StatefulSet/" + s.getMetadata().getName(), s.getSpec().getTemplate().getSpec()));
            return specs;
        }

        Container container(String deployment) {
            return get(Deployment.class, deployment).getSpec().getTemplate().getSpec().getContainers().get(0);
        }
    }

    /** Renders with these values files (under examples/ unless absolute) and {@code --set} pairs, in order. */
    public static Manifests render(List<String> valuesFiles, Map<String, Object> set) {
        return parse(renderText(valuesFiles, set));
    }

    public static Manifests render(String... valuesFiles) {
        return render(List.of(valuesFiles), Map.of());
    }

    static String renderText(List<String> valuesFiles, Map<String, Object> set) {
        TemplateCommand template = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE);
        for (String file : valuesFiles) {
            template = template.withValuesFile(EXAMPLES.resolve(file));
        }
        for (Map.Entry<String, Object> e : set.entrySet()) {
            template = template.set(e.getKey(), e.getValue());
        }
        return template.call();
    }

    /** NOTES.txt as {@code helm install --dry-run} prints it (client only, no cluster). */
    static String notes(String valuesFile) {
        String output = new Helm(CHART).install().withName(RELEASE).withNamespace(NAMESPACE).dryRun().clientOnly()
                .withValuesFile(EXAMPLES.resolve(valuesFile)).call().getOutput();
        return output.substring(output.indexOf("NOTES:"));
    }

    static Manifests parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String doc : DOCUMENT_SEPARATOR.split(yaml)) {
            if (doc.lines().anyMatch(l -> !l.isBlank() && !l.startsWith("#"))) {
                objects.add(Serialization.unmarshal(doc, HasMetadata.class));
            }
        }
        return new Manifests(List.copyOf(objects));
    }

    /** The container's variables with plain values; those from Secrets or fields map to {@code secretStandIn}. */
    static Map<String, String> env(Container container, String secretStandIn) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar v : container.getEnv()) {
            env.put(v.getName(), v.getValueFrom() != null ? secretStandIn : v.getValue());
        }
        return env;
    }

    /** An object's name in the release, e.g. {@code name("coredns")}. */
    public static String name(String component) {
        return FULLNAME + "-" + component;
    }
}
