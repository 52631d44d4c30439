package dev.wayfinder.charts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.charts.DeployManifestsTest.Repo;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The controller's RBAC in deploy/base: least privilege, bound to the ServiceAccount the controller runs as. */
class DeployManifestsRbacTest {

    static final Map<String, HasMetadata> BASE = Repo.build(DeployManifestsTest.DEPLOY.resolve("base"));
    static final Set<String> READ = Set.of("get", "list", "watch");
    /** Everything the controller may change, and why: nothing else may carry a write verb. */
    static final Map<String, Set<String>> WRITES = Map.ofEntries(
            Map.entry("networking.k8s.io/ingresses", Set.of("create", "update")),           // the Ingress a Gslb embeds
            Map.entry("networking.k8s.io/ingresses/finalizers", Set.of("update")),
            Map.entry("k8gb.absa.oss/gslbs", Set.of("create", "update")),                   // Gslbs for k8gb.io/strategy Ingresses
            Map.entry("k8gb.io/gslbs", Set.of("create", "update")),
            Map.entry("k8gb.absa.oss/gslbs/status", Set.of("update")),
            Map.entry("k8gb.io/gslbs/status", Set.of("update")),
            Map.entry("k8gb.absa.oss/gslbs/finalizers", Set.of("update")),                 // owner references with blockOwnerDeletion
            Map.entry("k8gb.io/gslbs/finalizers", Set.of("update")),
            Map.entry("externaldns.k8s.io/dnsendpoints/status", Set.of("update")),
            Map.entry("/events", Set.of("create")),
            Map.entry("coordination.k8s.io/leases", Set.of("create", "patch")));

    static List<PolicyRule> allRules() {
        return BASE.values().stream().flatMap(o -> o instanceof ClusterRole c ? c.getRules().stream()
                : o instanceof Role r ? r.getRules().stream() : java.util.stream.Stream.empty()).toList();
    }

    /** group/resource → verbs, over every rule of the given roles. */
    static Map<String, Set<String>> grants(List<PolicyRule> rules) {
        Map<String, Set<String>> out = new java.util.TreeMap<>();
        for (PolicyRule r : rules) {
            for (String g : r.getApiGroups()) {
                for (String res : r.getResources()) {
                    out.computeIfAbsent(g + "/" + res, k -> new HashSet<>()).addAll(r.getVerbs());
                }
            }
        }
        return out;
    }

    @Test
    void noWildcardsNoSecretsNoNonResourceUrls() {
        assertThat(allRules()).isNotEmpty().allSatisfy(r -> {
            assertThat(r.getApiGroups()).doesNotContain("*");
            assertThat(r.getResources()).isNotEmpty().doesNotContain("*", "secrets").noneMatch(s -> s.startsWith("*") || s.endsWith("/*"));
            assertThat(r.getVerbs()).doesNotContain("*", "escalate", "bind", "impersonate", "deletecollection");
            assertThat(r.getNonResourceURLs()).isNullOrEmpty();
            assertThat(r.getResourceNames()).isNullOrEmpty();
        });
    }

    @Test
    void theClusterRoleReadsWhatTheSourcesWatchAndWritesOnlyWhatTheControllerChanges() {
        List<ClusterRole> roles = Repo.ofKind(BASE.values(), ClusterRole.class);
        assertThat(roles).singleElement().satisfies(r -> assertThat(r.getMetadata().getName()).isEqualTo("wayfinder-controller"));
        Map<String, Set<String>> grants = grants(roles.get(0).getRules());
        for (String read : List.of("/services", "/nodes", "discovery.k8s.io/endpointslices", "networking.k8s.io/ingresses",
                "k8gb.absa.oss/gslbs", "k8gb.io/gslbs", "externaldns.k8s.io/dnsendpoints", "gateway.networking.k8s.io/gateways",
                "gateway.networking.k8s.io/httproutes", "gateway.networking.k8s.io/grpcroutes", "gateway.networking.k8s.io/tcproutes",
                "gateway.networking.k8s.io/udproutes", "gateway.networking.k8s.io/tlsroutes", "networking.istio.io/virtualservices",
                "networking.istio.io/gateways")) {
            assertThat(grants).as(read).containsKey(read);
            assertThat(grants.get(read)).as(read).containsAll(READ);
        }
        grants.forEach((resource, verbs) -> {
            Set<String> writes = new HashSet<>(verbs);
            writes.removeAll(READ);
            assertThat(WRITES.getOrDefault(resource, Set.of())).as(resource + ": write verbs").containsAll(writes);
        });
        assertThat(grants).as("no delete anywhere").allSatisfy((res, verbs) -> assertThat(verbs).doesNotContain("delete"));
        assertThat(grants).containsKeys("k8gb.absa.oss/gslbs/status", "k8gb.io/gslbs/status", "externaldns.k8s.io/dnsendpoints/status", "/events");
        assertThat(grants).as("leases only through the namespaced Role").doesNotContainKey("coordination.k8s.io/leases");
    }

    @Test
    void leasesOnlyInARoleInTheControllersNamespaceMatchingItsLeaderElectionFlags() {
        List<Role> roles = Repo.ofKind(BASE.values(), Role.class);
        assertThat(roles).singleElement().satisfies(r -> {
            assertThat(r.getMetadata().getNamespace()).isEqualTo("wayfinder");
            assertThat(grants(r.getRules())).containsOnlyKeys("coordination.k8s.io/leases");
            assertThat(grants(r.getRules()).get("coordination.k8s.io/leases")).containsExactlyInAnyOrder("get", "create", "patch");
        });
        List<String> args = Repo.controller(BASE).getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
        assertThat(args).contains("--leader-elect", "--leader-election-namespace=wayfinder");
    }

    @Test
    void bindingsGrantTheRolesToTheServiceAccountTheControllerRunsAs() {
        Deployment controller = Repo.controller(BASE);
        String sa = controller.getSpec().getTemplate().getSpec().getServiceAccountName();
        assertThat(BASE).containsKey(Repo.id("ServiceAccount", "wayfinder", sa));
        Subject expected = new io.fabric8.kubernetes.api.model.rbac.SubjectBuilder().withKind("ServiceAccount").withName(sa)
                .withNamespace("wayfinder").build();
        List<ClusterRoleBinding> crbs = Repo.ofKind(BASE.values(), ClusterRoleBinding.class);
        assertThat(crbs).singleElement().satisfies(b -> {
            assertThat(b.getSubjects()).containsExactly(expected);
            assertThat(b.getRoleRef().getKind()).isEqualTo("ClusterRole");
            assertThat(BASE).containsKey(Repo.id("ClusterRole", "", b.getRoleRef().getName()));
        });
        List<RoleBinding> rbs = Repo.ofKind(BASE.values(), RoleBinding.class);
        assertThat(rbs).singleElement().satisfies(b -> {
            assertThat(b.getSubjects()).containsExactly(expected);
            assertThat(b.getRoleRef().getKind()).isEqualTo("Role");
            assertThat(BASE).containsKey(Repo.id("Role", "wayfinder", b.getRoleRef().getName()));
        });
    }

    @Test
    void onlyTheControllerGetsAnApiToken() {
        for (HasMetadata w : BASE.values()) {
            if ((w instanceof Deployment || w instanceof io.fabric8.kubernetes.api.model.apps.StatefulSet)
                    && !w.getMetadata().getName().equals("wayfinder-controller")) {
                assertThat(Repo.podSpec(w).getAutomountServiceAccountToken()).as(w.getKind() + " " + w.getMetadata().getName()).isFalse();
            }
        }
    }
}
