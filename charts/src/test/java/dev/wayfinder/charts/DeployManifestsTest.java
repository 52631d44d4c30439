package dev.wayfinder.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The plain manifests under {@code deploy/}: every YAML parses as Kubernetes objects without unknown
 * fields, and every kustomization refers to files that exist and patches objects its bases define.
 * The RBAC, seed and CLI checks are in the sibling {@code DeployManifests*Test} classes.
 */
class DeployManifestsTest {

    static final Path ROOT = Repo.root();
    static final Path DEPLOY = ROOT.resolve("deploy");
    static final List<Path> CHECKED = List.of(DEPLOY.resolve("base"), DEPLOY.resolve("overlays"), DEPLOY.resolve("examples/seed"));

    static Stream<Path> yamlFiles() {
        return CHECKED.stream().flatMap(Repo::yamlUnder);
    }

    static Stream<Path> kustomizations() {
        return yamlFiles().filter(p -> p.getFileName().toString().equals("kustomization.yaml"));
    }

    @Test
    void theCheckedDirectoriesHoldManifests() {
        assertThat(yamlFiles().map(p -> DEPLOY.relativize(p).toString()))
                .contains("base/kustomization.yaml", "base/controller.yaml", "base/coredns.yaml", "base/etcd.yaml", "base/rbac.yaml",
                        "overlays/us-buf/kustomization.yaml", "overlays/us-nyc/kustomization.yaml", "examples/seed/gslb-failover.yaml");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("yamlFiles")
    void everyDocumentParsesWithoutUnknownFields(Path file) {
        if (file.getFileName().toString().equals("kustomization.yaml")) {
            JsonNode k = Repo.yamlDocuments(file).get(0);
            assertThat(k.path("kind").asText()).as(file + ": kind").isEqualTo("Kustomization");
            return;
        }
        List<HasMetadata> objects = Repo.objects(file);
        assertThat(objects).as(file + " holds no object").isNotEmpty();
        for (HasMetadata o : objects) {
            String id = file.getFileName() + ": " + o.getKind() + " " + o.getMetadata().getName();
            assertThat(o.getApiVersion()).as(id + ": apiVersion").isNotBlank();
            assertThat(o.getMetadata().getName()).as(id + ": metadata.name").isNotBlank();
            // fabric8 keeps a field its model does not know in additionalProperties: a typo such as `readinesProbe`.
            assertThat(Repo.unknownFields(o)).as(id + ": fields the Kubernetes API does not know").isEmpty();
        }
    }

    @Test
    void aMisspelledFieldIsCaught() {
        HasMetadata d = Serialization.unmarshal("""
                {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "x"}, "spec": {"template": {"spec":
                  {"containers": [{"name": "c", "image": "i", "readinesProbe": {"tcpSocket": {"port": 53}}}]}}}}
                """);

        assertThat(Repo.unknownFields(d)).containsExactly(".spec.template.spec.containers[0].readinesProbe");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void kustomizationsListOnlyFilesThatExistAndPatchObjectsOfTheirBases(Path file) {
        JsonNode k = Repo.yamlDocuments(file).get(0);
        Path dir = file.getParent();
        for (JsonNode r : k.path("resources")) {
            Path p = dir.resolve(r.asText()).normalize();
            assertThat(p).as(file + ": resource " + r.asText()).exists();
        }
        Map<String, HasMetadata> built = Repo.build(dir);
        assertThat(built).as(file + " builds no object").isNotEmpty();
        for (JsonNode patch : k.path("patches")) {
            Path p = dir.resolve(patch.path("path").asText()).normalize();
            assertThat(p).as(file + ": patch " + patch).isRegularFile();
            for (HasMetadata o : Repo.objects(p)) {
                String ns = Optional.ofNullable(o.getMetadata().getNamespace()).orElse(k.path("namespace").asText(""));
                assertThat(built).as(file + ": patch " + p.getFileName() + " targets nothing the bases define")
                        .containsKey(Repo.id(o.getKind(), ns, o.getMetadata().getName()));
            }
        }
        assertThat(k.has("patchesStrategicMerge") || k.has("patchesJson6902") || k.has("bases"))
                .as(file + ": deprecated kustomize fields").isFalse();
    }

    /**
     * Kustomize loads files only from below a kustomization's own directory, so {@code ../crds} must be a
     * kustomization itself. deploy/crds is not this module's to edit; until it has one the check is skipped.
     */
    @Test
    void crdDirectoryIsAKustomizationListingBothGroups() {
        Path crds = DEPLOY.resolve("crds/kustomization.yaml");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(crds),
                "deploy/crds/kustomization.yaml is missing: deploy/base refers to ../crds, which kustomize needs as a kustomization"
                        + " (resources: [gslb.k8gb.absa.oss.yaml, gslb.k8gb.io.yaml])");
        assertThat(Repo.build(crds.getParent())).containsKeys(Repo.id("CustomResourceDefinition", "", "gslbs.k8gb.io"),
                Repo.id("CustomResourceDefinition", "", "gslbs.k8gb.absa.oss"));
    }

    @Test
    void theBaseInstallsBothGslbCrdsAndEverythingRunsInItsNamespace() {
        Map<String, HasMetadata> base = Repo.build(DEPLOY.resolve("base"));
        assertThat(base).containsKeys(Repo.id("CustomResourceDefinition", "", "gslbs.k8gb.io"),
                Repo.id("CustomResourceDefinition", "", "gslbs.k8gb.absa.oss"), Repo.id("Namespace", "", "wayfinder"),
                Repo.id("Deployment", "wayfinder", "wayfinder-controller"), Repo.id("StatefulSet", "wayfinder", "etcd"),
                Repo.id("Service", "wayfinder", "etcd"), Repo.id("Deployment", "wayfinder", "coredns"),
                Repo.id("ConfigMap", "wayfinder", "coredns"), Repo.id("Service", "wayfinder", "coredns"));
    }

    @Test
    void everyWorkloadRunsNonRootReadOnlyWithoutCapabilities() {
        List<HasMetadata> workloads = Repo.build(DEPLOY.resolve("base")).values().stream()
                .filter(o -> o instanceof Deployment || o instanceof StatefulSet).toList();
        assertThat(workloads).hasSize(3);
        for (HasMetadata w : workloads) {
            PodSpec pod = Repo.podSpec(w);
            for (Container c : pod.getContainers()) {
                String id = w.getKind() + " " + w.getMetadata().getName() + " container " + c.getName();
                var sc = c.getSecurityContext();
                assertThat(sc).as(id + ": securityContext").isNotNull();
                assertThat(Optional.ofNullable(sc.getRunAsNonRoot()).orElse(pod.getSecurityContext().getRunAsNonRoot())).as(id + ": runAsNonRoot").isTrue();
                assertThat(Optional.ofNullable(sc.getRunAsUser()).orElse(pod.getSecurityContext().getRunAsUser())).as(id + ": runAsUser").isPositive();
                assertThat(sc.getReadOnlyRootFilesystem()).as(id + ": readOnlyRootFilesystem").isTrue();
                assertThat(sc.getAllowPrivilegeEscalation()).as(id + ": allowPrivilegeEscalation").isFalse();
                assertThat(sc.getCapabilities().getDrop()).as(id + ": capabilities.drop").containsExactly("ALL");
                assertThat(sc.getCapabilities().getAdd()).as(id + ": capabilities.add").isNullOrEmpty();
                assertThat(c.getLivenessProbe()).as(id + ": livenessProbe").isNotNull();
                assertThat(c.getReadinessProbe()).as(id + ": readinessProbe").isNotNull();
                assertThat(c.getResources().getLimits()).as(id + ": memory limit").containsKey("memory");
            }
        }
    }

    @Test
    void theControllerIsProbedOnItsOpsPortAndWritesOnlyToAnEmptyDirTmp() {
        Deployment d = Repo.controller(Repo.build(DEPLOY.resolve("base")));
        Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("metrics");
            assertThat(p.getContainerPort()).isEqualTo(7979);
        });
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(c.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("metrics");
        assertThat(c.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("metrics");
        assertThat(c.getVolumeMounts()).singleElement().satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
        assertThat(d.getSpec().getTemplate().getSpec().getVolumes()).singleElement().satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
    }

    /** Reads the repository's manifests: the files, their documents, and what a kustomization builds. */
    static final class Repo {

        private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
        private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition");

        private Repo() {
        }

        static Path root() {
            for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
                if (Files.isDirectory(p.resolve("deploy/crds")) && Files.isRegularFile(p.resolve("mvnw"))) {
                    return p;
                }
            }
            throw new IllegalStateException("no repository root (with deploy/crds and mvnw) above " + Path.of("").toAbsolutePath());
        }

        static Stream<Path> yamlUnder(Path dir) {
            try (Stream<Path> files = Files.walk(dir)) {
                return files.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                        .sorted().toList().stream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Every YAML document of the file (comments and `---` separators as kubectl reads them). */
        static List<JsonNode> yamlDocuments(Path file) {
            try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
                List<JsonNode> out = new ArrayList<>();
                YAML.readValues(parser, JsonNode.class).forEachRemaining(n -> {
                    if (n != null && !n.isNull() && !n.isMissingNode()) {
                        out.add(n);
                    }
                });
                return out;
            } catch (IOException e) {
                throw new UncheckedIOException(file + ": not YAML: " + e.getMessage(), e);
            }
        }

        /** The documents as fabric8 objects: typed for the built-in kinds, generic for CRDs' kinds (Gslb). */
        static List<HasMetadata> objects(Path file) {
            return yamlDocuments(file).stream().map(n -> (HasMetadata) Serialization.unmarshal(n.toString())).toList();
        }

        static String id(String kind, String namespace, String name) {
            return kind + "/" + namespace + "/" + name;
        }

        /**
         * What {@code kubectl apply -k dir} creates, keyed by kind/namespace/name: the resources (files and
         * nested kustomizations), with the kustomization's namespace. Patches are not applied; their targets are checked.
         */
        static Map<String, HasMetadata> build(Path dir) {
            Path file = dir.resolve("kustomization.yaml");
            List<HasMetadata> objects = new ArrayList<>();
            if (!Files.exists(file)) {
                // A plain directory (deploy/crds until it has a kustomization): its YAML files.
                yamlUnder(dir).forEach(f -> objects.addAll(objects(f)));
            } else {
                JsonNode k = yamlDocuments(file).get(0);
                for (JsonNode r : k.path("resources")) {
                    Path p = dir.resolve(r.asText()).normalize();
                    objects.addAll(Files.isDirectory(p) ? build(p).values() : objects(p));
                }
                String ns = k.path("namespace").asText("");
                if (!ns.isEmpty()) {
                    objects.stream().filter(o -> !CLUSTER_SCOPED.contains(o.getKind())).forEach(o -> o.getMetadata().setNamespace(ns));
                }
            }
            Map<String, HasMetadata> out = new LinkedHashMap<>();
            for (HasMetadata o : objects) {
                String ns = CLUSTER_SCOPED.contains(o.getKind()) ? "" : Optional.ofNullable(o.getMetadata().getNamespace()).orElse("");
                HasMetadata before = out.put(id(o.getKind(), ns, o.getMetadata().getName()), o);
                assertThat(before).as(dir + ": " + o.getKind() + " " + o.getMetadata().getName() + " is defined twice").isNull();
            }
            return out;
        }

        static <T extends HasMetadata> List<T> ofKind(Collection<HasMetadata> objects, Class<T> type) {
            return objects.stream().filter(type::isInstance).map(type::cast).toList();
        }

        static Deployment controller(Map<String, HasMetadata> objects) {
            return (Deployment) objects.get(id("Deployment", "wayfinder", "wayfinder-controller"));
        }

        static PodSpec podSpec(HasMetadata workload) {
            return workload instanceof Deployment d ? d.getSpec().getTemplate().getSpec() : ((StatefulSet) workload).getSpec().getTemplate().getSpec();
        }

        /** Paths of fields fabric8's model did not recognise, anywhere in the object (generic objects are skipped). */
        static List<String> unknownFields(Object object) {
            List<String> out = new ArrayList<>();
            if (!(object instanceof GenericKubernetesResource)) {
                walk(object, "", out, new IdentityHashMap<>());
            }
            return out;
        }

        private static void walk(Object o, String path, List<String> out, Map<Object, Boolean> seen) {
            if (o == null || seen.put(o, Boolean.TRUE) != null) {
                return;
            }
            if (o instanceof Collection<?> c) {
                int i = 0;
                for (Object e : c) {
                    walk(e, path + "[" + i++ + "]", out, seen);
                }
                return;
            }
            if (o instanceof Map<?, ?> m) {
                m.forEach((k, v) -> walk(v, path + "." + k, out, seen));
                return;
            }
            if (!o.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
                return;
            }
            for (Method g : o.getClass().getMethods()) {
                if (g.getParameterCount() != 0 || Modifier.isStatic(g.getModifiers()) || !g.getName().startsWith("get")
                        || g.getDeclaringClass() == Object.class) {
                    continue;
                }
                Object v;
                try {
                    v = g.invoke(o);
                } catch (ReflectiveOperationException e) {
                    continue;
                }
                if (g.getName().equals("getAdditionalProperties")) {
                    if (v instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        extra.keySet().forEach(k -> out.add(path + "." + k));
                    }
                } else {
                    String field = Character.toLowerCase(g.getName().charAt(3)) + g.getName().substring(4);
                    walk(v, path + "." + field, out, seen);
                }
            }
        }
    }
}
