package dev.wayfinder.charts;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The controller's permissions, exactly: what its sources read, status, Events, Leases in a Role, nothing more. */
class ChartRbacTest {

    private static final List<String> READ = List.of("get", "list", "watch");
    private static final Set<String> SERVICE_SOURCE = grants(
            "/services", READ, "discovery.k8s.io/endpointslices", READ, "/nodes", READ);
    private static final Set<String> INGRESS_SOURCE = grants("networking.k8s.io/ingresses", READ);
    private static final Set<String> EVENTS = grants("/events", List.of("create"));
    private static final Set<String> GSLB_SOURCE = grants(
            "k8gb.io/gslbs", READ, "k8gb.absa.oss/gslbs", READ,
            "k8gb.io/gslbs/status", List.of("update"), "k8gb.absa.oss/gslbs/status", List.of("update"),
            "/services", READ, "discovery.k8s.io/endpointslices", READ, "networking.k8s.io/ingresses", READ);
    private static final Set<String> GSLB_INGRESS_WRITE = grants("networking.k8s.io/ingresses", List.of("create", "update"),
            "k8gb.io/gslbs/finalizers", List.of("update"), "k8gb.absa.oss/gslbs/finalizers", List.of("update"));
    private static final Set<String> GSLB_FROM_ANNOTATIONS = grants("k8gb.io/gslbs", List.of("create", "update"),
            "k8gb.absa.oss/gslbs", List.of("create", "update"), "networking.k8s.io/ingresses/finalizers", List.of("update"));
    private static final Set<String> GATEWAY_API_REFS = grants("gateway.networking.k8s.io/gateways", READ,
            "gateway.networking.k8s.io/httproutes", READ, "gateway.networking.k8s.io/grpcroutes", READ,
            "gateway.networking.k8s.io/tcproutes", READ, "gateway.networking.k8s.io/tlsroutes", READ, "gateway.networking.k8s.io/udproutes", READ);
    private static final Set<String> ISTIO_REFS = grants("networking.istio.io/virtualservices", READ, "networking.istio.io/gateways", READ);
    private static final Set<String> CRD_SOURCE = grants(
            "externaldns.k8s.io/dnsendpoints", READ, "externaldns.k8s.io/dnsendpoints/status", List.of("update"));

    static Stream<Arguments> releases() {
        return Stream.of(
                Arguments.of("defaults", List.of(), Map.of(), union(SERVICE_SOURCE, INGRESS_SOURCE, EVENTS)),
                Arguments.of("us-buf", List.of("us-buf.yaml"), Map.of(),
                        union(SERVICE_SOURCE, INGRESS_SOURCE, GSLB_SOURCE, GSLB_INGRESS_WRITE, GSLB_FROM_ANNOTATIONS, GATEWAY_API_REFS, ISTIO_REFS,
                                EVENTS)),
                Arguments.of("us-buf, no Ingress or Gslb writes, no route or Istio references", List.of("us-buf.yaml"),
                        Map.of("rbac.gslbIngressWrite", false, "rbac.gslbFromIngressAnnotations", false, "rbac.gatewayApi", false,
                                "rbac.istio", false),
                        union(SERVICE_SOURCE, INGRESS_SOURCE, GSLB_SOURCE, EVENTS)),
                Arguments.of("us-buf, k8gb's istio.enabled=false wins over rbac.istio", List.of("us-buf.yaml"),
                        Map.of("istio.enabled", false, "gatewayapi.enabled", true, "rbac.gatewayApi", false),
                        union(SERVICE_SOURCE, INGRESS_SOURCE, GSLB_SOURCE, GSLB_INGRESS_WRITE, GSLB_FROM_ANNOTATIONS, GATEWAY_API_REFS, EVENTS)),
                Arguments.of("gslb only", List.of("us-buf.yaml", gslbOnly()), Map.of(),
                        union(GSLB_SOURCE, GSLB_INGRESS_WRITE, GSLB_FROM_ANNOTATIONS, GATEWAY_API_REFS, ISTIO_REFS, EVENTS)),
                Arguments.of("ingress and DNSEndpoints", List.of(), Map.of("sources[0]", "ingress", "sources[1]", "crd"),
                        union(INGRESS_SOURCE, CRD_SOURCE, EVENTS)));
    }

    /** A values file replacing the whole sources list (--set can only replace elements). */
    private static String gslbOnly() {
        try {
            Path file = Files.createTempFile("gslb-only", ".yaml");
            file.toFile().deleteOnExit();
            Files.writeString(file, "sources: [gslb]\n");
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void clusterRoleGrantsExactlyWhatTheSourcesNeed(String title, List<String> files, Map<String, Object> set, Set<String> expected) {
        ChartRender.Manifests manifests = ChartRender.render(files, set);
        ClusterRole role = manifests.get(ClusterRole.class, ChartRender.name("controller"));

        assertThat(flatten(role.getRules())).isEqualTo(new TreeSet<>(expected));
        assertThat(manifests.all(ClusterRole.class)).hasSize(1);
    }

    @Test
    void noWildcardsNoSecretsNoLeasesCluster() {
        for (ChartRender.Manifests manifests : List.of(ChartRender.render(), ChartRender.render("us-buf.yaml"))) {
            List<PolicyRule> rules = Stream.concat(manifests.all(ClusterRole.class).stream().flatMap(r -> r.getRules().stream()),
                    manifests.all(Role.class).stream().flatMap(r -> r.getRules().stream())).toList();
            assertThat(rules).isNotEmpty().allSatisfy(rule -> {
                assertThat(rule.getVerbs()).doesNotContain("*");
                assertThat(rule.getResources()).doesNotContain("*", "secrets", "configmaps");
                assertThat(rule.getApiGroups()).doesNotContain("*");
                assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
                assertThat(rule.getResourceNames()).isNullOrEmpty();
            });
            assertThat(manifests.all(ClusterRole.class)).flatExtracting(ClusterRole::getRules)
                    .noneMatch(r -> r.getApiGroups().contains("coordination.k8s.io"));
        }
    }

    @Test
    void leasesOnlyInARoleInTheReleaseNamespaceAndOnlyWithLeaderElection() {
        assertThat(ChartRender.render().all(Role.class)).as("one replica: no leader election, no Lease rights").isEmpty();

        ChartRender.Manifests elected = ChartRender.render(List.of(), Map.of("controller.replicas", 2));
        Role role = elected.get(Role.class, ChartRender.name("leader-election"));
        assertThat(role.getMetadata().getNamespace()).isEqualTo(ChartRender.NAMESPACE);
        assertThat(flatten(role.getRules())).isEqualTo(new TreeSet<>(grants("coordination.k8s.io/leases", List.of("get", "create", "patch"))));
        RoleBinding binding = elected.get(RoleBinding.class, ChartRender.name("leader-election"));
        assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        assertBoundToControllerAccount(elected, binding.getSubjects());
    }

    @Test
    void theControllerRunsAsTheBoundServiceAccountAndNothingElseUsesIt() {
        ChartRender.Manifests manifests = ChartRender.render(List.of("us-buf.yaml", "wayfinder-dns.yaml"), Map.of());
        ClusterRoleBinding binding = manifests.get(ClusterRoleBinding.class, ChartRender.name("controller"));

        assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
        assertThat(binding.getRoleRef().getName()).isEqualTo(ChartRender.name("controller"));
        assertBoundToControllerAccount(manifests, binding.getSubjects());
        manifests.podSpecs().forEach((owner, spec) -> {
            if (owner.equals("Deployment/" + ChartRender.name("controller"))) {
                assertThat(spec.getServiceAccountName()).isEqualTo(manifests.all(ServiceAccount.class).get(0).getMetadata().getName());
            } else {
                assertThat(spec.getServiceAccountName()).as(owner).isNull();
                assertThat(spec.getAutomountServiceAccountToken()).as("%s needs no API access", owner).isFalse();
            }
        });
    }

    private static void assertBoundToControllerAccount(ChartRender.Manifests manifests, List<Subject> subjects) {
        ServiceAccount account = manifests.all(ServiceAccount.class).get(0);
        String podAccount = manifests.get(Deployment.class, ChartRender.name("controller")).getSpec().getTemplate().getSpec()
                .getServiceAccountName();
        assertThat(subjects).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo(account.getMetadata().getName()).isEqualTo(podAccount);
            assertThat(s.getNamespace()).isEqualTo(ChartRender.NAMESPACE);
        });
    }

    /** "group/resource:verb" for every combination a rule grants. */
    private static Set<String> flatten(List<PolicyRule> rules) {
        Set<String> out = new TreeSet<>();
        for (PolicyRule rule : rules) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        out.add(group + "/" + resource + ":" + verb);
                    }
                }
            }
        }
        return out;
    }

    /** Pairs of "group/resource" and verbs. */
    private static Set<String> grants(Object... pairs) {
        Set<String> out = new TreeSet<>();
        for (int i = 0; i < pairs.length; i += 2) {
            for (Object verb : (List<?>) pairs[i + 1]) {
                out.add(pairs[i] + ":" + verb);
            }
        }
        return out;
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> out = new TreeSet<>();
        for (Set<String> s : sets) {
            out.addAll(s);
        }
        return out;
    }
}
