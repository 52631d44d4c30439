package dev.wayfinder.charts;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** How the rendered objects connect: etcd addresses, DNS Services, probes, security, secrets, optional objects. */
class ChartWiringTest {

    private static final String ETCD_URL = "http://wayfinder-etcd.dns-system.svc.cluster.local:2379";

    static Stream<String> examples() throws java.io.IOException {
        return Stream.concat(Stream.of("values.yaml"), ChartLintTest.examples());
    }

    private static ChartRender.Manifests example(String name) {
        return name.equals("values.yaml") ? ChartRender.render() : ChartRender.render(name);
    }

    @Test
    void etcdUrlsPointAtTheEtcdServiceEverywhere() {
        ChartRender.Manifests manifests = ChartRender.render("wayfinder-dns.yaml");
        Service etcd = manifests.get(Service.class, ChartRender.name("etcd"));
        StatefulSet members = manifests.get(StatefulSet.class, ChartRender.name("etcd"));

        assertThat(ETCD_URL).startsWith("http://" + etcd.getMetadata().getName() + "." + etcd.getMetadata().getNamespace() + ".svc.");
        assertThat(etcd.getSpec().getPorts()).extracting(ServicePort::getPort).containsExactly(2379);
        assertThat(members.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(etcd.getSpec().getSelector());
        assertThat(members.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts())
                .anySatisfy(p -> assertThat(p.getName()).isEqualTo(etcd.getSpec().getPorts().get(0).getTargetPort().getStrVal()));
        for (String component : List.of("controller", "dns")) {
            assertThat(ChartRender.env(manifests.container(ChartRender.name(component)), "")).containsEntry("ETCD_URLS", ETCD_URL);
        }
        assertThat(corefile(manifests)).contains("        endpoint " + ETCD_URL + "\n");
    }

    @Test
    void threeEtcdMembersWithTlsFormOneCluster() {
        ChartRender.Manifests manifests = ChartRender.render("etcd-tls.yaml");
        StatefulSet etcd = manifests.get(StatefulSet.class, ChartRender.name("etcd"));
        List<String> args = etcd.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
        String headless = ChartRender.name("etcd-headless") + "." + ChartRender.NAMESPACE + ".svc.cluster.local";

        assertThat(etcd.getSpec().getReplicas()).isEqualTo(3);
        assertThat(etcd.getSpec().getServiceName()).isEqualTo(ChartRender.name("etcd-headless"));
        assertThat(manifests.get(Service.class, ChartRender.name("etcd-headless")).getSpec().getPublishNotReadyAddresses()).isTrue();
        assertThat(args).contains("--initial-cluster=" + String.join(",",
                        member(0, headless), member(1, headless), member(2, headless)),
                "--listen-client-urls=https://0.0.0.0:2379", "--client-cert-auth", "--trusted-ca-file=/etc/etcd/tls/ca.crt",
                "--peer-client-cert-auth", "--cert-file=/etc/etcd/tls/tls.crt");
        assertThat(etcd.getSpec().getTemplate().getSpec().getVolumes())
                .filteredOn(v -> v.getSecret() != null).extracting(v -> v.getSecret().getSecretName()).containsExactly("wayfinder-etcd-tls");
        // Clients use https, their own certificate, and the CA.
        Map<String, String> env = ChartRender.env(manifests.container(ChartRender.name("controller")), "");
        assertThat(env).containsEntry("ETCD_URLS", ETCD_URL.replace("http:", "https:"))
                .containsEntry("ETCD_CA_FILE", "/etc/wayfinder/etcd-tls/ca.crt")
                .containsEntry("ETCD_CERT_FILE", "/etc/wayfinder/etcd-tls/tls.crt")
                .containsEntry("ETCD_KEY_FILE", "/etc/wayfinder/etcd-tls/tls.key");
        for (String client : List.of("controller", "coredns")) {
            assertThat(manifests.get(Deployment.class, ChartRender.name(client)).getSpec().getTemplate().getSpec().getVolumes())
                    .filteredOn(v -> v.getSecret() != null).extracting(v -> v.getSecret().getSecretName())
                    .containsExactly("wayfinder-etcd-client-tls");
        }
        assertThat(manifests.get(PodDisruptionBudget.class, ChartRender.name("etcd")).getSpec().getMaxUnavailable().getIntVal())
                .isEqualTo(1);
    }

    private static String member(int i, String headless) {
        String pod = ChartRender.name("etcd") + "-" + i;
        return pod + "=https://" + pod + "." + headless + ":2380";
    }

    @Test
    void theDnsServiceAnswersOn53OverUdpAndTcpAtTheFixedAddress() {
        ChartRender.Manifests manifests = ChartRender.render("us-buf.yaml");
        Service dns = manifests.get(Service.class, ChartRender.name("coredns"));

        assertThat(dns.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(dns.getSpec().getLoadBalancerIP()).isEqualTo("192.0.2.10");
        assertDns53(dns, manifests.container(ChartRender.name("coredns")));
        assertThat(manifests.get(Deployment.class, ChartRender.name("coredns")).getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(dns.getSpec().getSelector());
        assertThat(manifests.byKind("Service")).filteredOn(s -> !s.getMetadata().getName().equals(dns.getMetadata().getName()))
                .allSatisfy(s -> assertThat(((Service) s).getSpec().getType()).as(s.getMetadata().getName()).isEqualTo("ClusterIP"));
    }

    @Test
    void wayfinderDnsCanFrontTheServiceWithCorednsInCluster() {
        ChartRender.Manifests manifests = ChartRender.render("wayfinder-dns.yaml");
        Service front = manifests.get(Service.class, ChartRender.name("dns"));
        Service inside = manifests.get(Service.class, ChartRender.name("coredns"));

        assertThat(front.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(front.getSpec().getLoadBalancerIP()).isEqualTo("192.0.2.30");
        assertDns53(front, manifests.container(ChartRender.name("dns")));
        assertThat(inside.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(inside.getSpec().getLoadBalancerIP()).isNull();
        assertDns53(inside, manifests.container(ChartRender.name("coredns")));
        assertThat(manifests.get(Deployment.class, ChartRender.name("dns")).getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    void oneValueServesTheZonesWithWayfinderDnsAndTellsTheController() {
        ChartRender.Manifests stock = ChartRender.render("us-buf.yaml");
        assertThat(stock.container(ChartRender.name("controller")).getArgs()).contains("--gslb-serving-dns=coredns");
        assertThat(stock.byKind("Deployment")).noneMatch(d -> d.getMetadata().getName().equals(ChartRender.name("dns")));

        ChartRender.Manifests wayfinder = ChartRender.render(List.of("us-buf.yaml"), Map.of("gslb.servingDns", "wayfinder"));
        Service front = wayfinder.get(Service.class, ChartRender.name("dns"));
        assertThat(front.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(front.getSpec().getLoadBalancerIP()).isEqualTo("192.0.2.10");
        assertDns53(front, wayfinder.container(ChartRender.name("dns")));
        assertThat(wayfinder.get(Service.class, ChartRender.name("coredns")).getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(wayfinder.container(ChartRender.name("controller")).getArgs()).contains("--gslb-serving-dns=wayfinder");
        // The DNS Service fronting wayfinder dns the older way says the same.
        assertThat(ChartRender.render(List.of("us-buf.yaml"), Map.of("service.target", "dns", "dns.enabled", true))
                .container(ChartRender.name("controller")).getArgs()).contains("--gslb-serving-dns=wayfinder");
    }

    @Test
    void clusterIpAndNodePortServicesHaveNoLoadBalancerSettings() {
        for (String type : List.of("ClusterIP", "NodePort")) {
            Service dns = ChartRender.render(List.of(), Map.of("service.type", type, "service.loadBalancerIP", "192.0.2.99"))
                    .get(Service.class, ChartRender.name("coredns"));
            assertThat(dns.getSpec().getType()).isEqualTo(type);
            assertThat(dns.getSpec().getLoadBalancerIP()).isNull();
        }
    }

    private static void assertDns53(Service service, Container server) {
        assertThat(service.getSpec().getPorts()).extracting(ServicePort::getPort, ServicePort::getProtocol)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(53, "UDP"), org.assertj.core.groups.Tuple.tuple(53, "TCP"));
        for (ServicePort port : service.getSpec().getPorts()) {
            ContainerPort target = server.getPorts().stream().filter(p -> p.getName().equals(port.getTargetPort().getStrVal())).findFirst()
                    .orElseThrow(() -> new AssertionError("no container port " + port.getTargetPort().getStrVal()));
            assertThat(target.getContainerPort()).as("unprivileged port in the pod").isEqualTo(5353);
            assertThat(target.getProtocol()).isEqualTo(port.getProtocol());
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyPodRunsAsNonRootWithAReadOnlyRootAndNoCapabilities(String example) {
        Map<String, PodSpec> pods = example(example).podSpecs();

        assertThat(pods).isNotEmpty();
        pods.forEach((owner, pod) -> {
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(owner).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).as(owner).isPositive();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).as(owner).isEqualTo("RuntimeDefault");
            assertThat(pod.getContainers()).allSatisfy(c -> {
                assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(owner).isTrue();
                assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).as(owner).isFalse();
                assertThat(c.getSecurityContext().getCapabilities().getDrop()).as(owner).containsExactly("ALL");
                assertThat(c.getSecurityContext().getCapabilities().getAdd()).as(owner).isNullOrEmpty();
                assertThat(c.getPorts()).as(owner).allSatisfy(p -> assertThat(p.getContainerPort()).isGreaterThan(1024));
                assertThat(c.getResources().getRequests()).as(owner).containsKeys("cpu", "memory");
                assertThat(c.getResources().getLimits()).as(owner).containsKey("memory");
            });
        });
    }

    @Test
    void probesUseEachServersHealthEndpoints() {
        ChartRender.Manifests manifests = ChartRender.render("wayfinder-dns.yaml");

        assertProbes(manifests.container(ChartRender.name("controller")), "/healthz", "/readyz", 7979);
        assertProbes(manifests.container(ChartRender.name("coredns")), "/health", "/ready", 8080);
        assertThat(httpGet(manifests.container(ChartRender.name("coredns")), false).getPort().getStrVal()).isEqualTo("ready");
        assertThat(corefile(manifests)).contains("health :8080", "ready :8181");
        assertProbes(manifests.container(ChartRender.name("dns")), "/healthz", "/readyz", 8080);
        assertThat(manifests.container(ChartRender.name("controller")).getArgs()).contains("--metrics-address=:7979");
    }

    private static void assertProbes(Container c, String live, String ready, int livePort) {
        assertThat(httpGet(c, true).getPath()).isEqualTo(live);
        assertThat(httpGet(c, false).getPath()).isEqualTo(ready);
        String portName = httpGet(c, true).getPort().getStrVal();
        assertThat(c.getPorts()).filteredOn(p -> p.getName().equals(portName)).extracting(ContainerPort::getContainerPort).containsExactly(livePort);
    }

    private static HTTPGetAction httpGet(Container c, boolean liveness) {
        return (liveness ? c.getLivenessProbe() : c.getReadinessProbe()).getHttpGet();
    }

    @Test
    void theTsigSecretReachesTheControllerOnlyFromASecret() {
        String yaml = ChartRender.renderText(List.of("us-buf.yaml"), Map.of());
        ChartRender.Manifests manifests = ChartRender.parse(yaml);
        Container controller = manifests.container(ChartRender.name("controller"));

        EnvVar tsig = controller.getEnv().stream().filter(e -> e.getName().equals("EXTERNAL_DNS_RFC2136_TSIG_SECRET")).findFirst().orElseThrow();
        assertThat(tsig.getValue()).isNull();
        assertThat(tsig.getValueFrom().getSecretKeyRef().getName()).isEqualTo("wayfinder-tsig");
        assertThat(tsig.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("tsig-secret");
        assertThat(controller.getArgs()).noneMatch(a -> a.startsWith("--rfc2136-tsig-secret="));
        assertThat(controller.getArgs()).contains("--rfc2136-tsig-keyname=wayfinder", "--rfc2136-host=192.0.2.53");
        assertThat(manifests.all(Secret.class)).as("the chart never carries the secret itself").isEmpty();
        assertSecretsOnlyFromSecrets(manifests);
    }

    @Test
    void kerberosPasswordsAndTransferKeysComeOnlyFromSecrets() {
        Map<String, Object> values = new java.util.LinkedHashMap<>(ChartCliTest.gssTsig());
        values.putAll(Map.of("dns.enabled", true, "dns.tsigKeySecret.name", "wayfinder-xfr", "etcd.enabled", false,
                "etcd.external.endpoints[0]", "http://etcd.example.net:2379", "etcd.external.username", "wayfinder",
                "etcd.external.passwordSecret.name", "etcd-login"));
        ChartRender.Manifests manifests = ChartRender.render(List.of(), values);

        Container controller = manifests.container(ChartRender.name("controller"));
        assertThat(controller.getArgs()).contains("--rfc2136-gss-tsig", "--rfc2136-kerberos-username=svc-wayfinder")
                .noneMatch(a -> a.startsWith("--rfc2136-kerberos-password") || a.startsWith("--etcd-password"));
        assertThat(controller.getEnv()).extracting(EnvVar::getName).contains("EXTERNAL_DNS_RFC2136_KERBEROS_PASSWORD", "ETCD_PASSWORD")
                .doesNotContain("EXTERNAL_DNS_RFC2136_TSIG_SECRET");
        assertThat(manifests.container(ChartRender.name("dns")).getEnv()).extracting(EnvVar::getName).contains("WAYFINDER_TSIG_KEY", "ETCD_PASSWORD");
        assertThat(manifests.container(ChartRender.name("coredns")).getEnv()).extracting(EnvVar::getName).containsExactly("ETCD_PASSWORD");
        assertSecretsOnlyFromSecrets(manifests);
    }

    private static void assertSecretsOnlyFromSecrets(ChartRender.Manifests manifests) {
        manifests.podSpecs().forEach((owner, pod) -> pod.getContainers().forEach(c -> assertThat(c.getEnv())
                .filteredOn(e -> e.getName().matches(".*(SECRET|PASSWORD|TSIG).*"))
                .allSatisfy(e -> {
                    assertThat(e.getValue()).as(owner + " " + e.getName()).isNull();
                    assertThat(e.getValueFrom().getSecretKeyRef()).as(owner + " " + e.getName()).isNotNull();
                })));
    }

    @Test
    void recursionIsOffUnlessForwardersAreGiven() {
        String closed = corefile(ChartRender.render());
        String open = corefile(ChartRender.render(List.of(), Map.of("coredns.forwarders[0]", "10.96.0.10", "coredns.forwarders[1]", "9.9.9.9")));

        assertThat(closed).doesNotContain("forward").contains(".:5353 {");
        // No plugin that answers in the root block: CoreDNS refuses other names.
        assertThat(closed.substring(closed.indexOf(".:5353 {"))).doesNotContain("errors", "prometheus", "log");
        assertThat(open.substring(open.indexOf(".:5353 {"))).contains("\n    forward . 10.96.0.10 9.9.9.9\n", "\n    cache 30\n", "\n    loop\n");
    }

    @Test
    void corednsRollsWhenItsCorefileChanges() {
        String before = checksum(ChartRender.render());
        String after = checksum(ChartRender.render(List.of(), Map.of("dnsZone", "other.test")));

        assertThat(before).hasSize(64).isNotEqualTo(after);
    }

    private static String checksum(ChartRender.Manifests manifests) {
        return manifests.get(Deployment.class, ChartRender.name("coredns")).getSpec().getTemplate().getMetadata().getAnnotations()
                .get("checksum/corefile");
    }

    @Test
    void networkPoliciesOpenDnsToAllAndEtcdToTheReleaseOnly() {
        ChartRender.Manifests manifests = ChartRender.render(List.of("wayfinder-dns.yaml"), Map.of("networkPolicy.enabled", true));
        NetworkPolicy etcd = manifests.get(NetworkPolicy.class, ChartRender.name("etcd"));

        assertThat(manifests.all(NetworkPolicy.class)).extracting(p -> p.getMetadata().getName())
                .containsExactlyInAnyOrder(ChartRender.name("etcd"), ChartRender.name("controller"), ChartRender.name("coredns"),
                        ChartRender.name("dns"));
        assertThat(etcd.getSpec().getIngress().get(0).getPorts()).singleElement().satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(2379));
        assertThat(etcd.getSpec().getIngress().get(0).getFrom()).extracting(f -> f.getPodSelector().getMatchLabels().get("app.kubernetes.io/component"))
                .containsExactly("controller", "coredns", "dns");
        for (String server : List.of("coredns", "dns")) {
            NetworkPolicy policy = manifests.get(NetworkPolicy.class, ChartRender.name(server));
            assertThat(policy.getSpec().getIngress().get(0).getFrom()).as("DNS from anywhere").isNullOrEmpty();
            assertThat(policy.getSpec().getIngress().get(0).getPorts()).extracting(p -> p.getPort().getIntVal() + "/" + p.getProtocol())
                    .containsExactlyInAnyOrder("5353/UDP", "5353/TCP");
        }
    }

    @Test
    void theServiceMonitorScrapesEveryMetricsService() {
        ChartRender.Manifests manifests = ChartRender.render(List.of("wayfinder-dns.yaml"), Map.of("serviceMonitor.enabled", true));
        GenericKubernetesResource monitor = (GenericKubernetesResource) manifests.byKind("ServiceMonitor").get(0);
        @SuppressWarnings("unchecked")
        Map<String, String> selector = (Map<String, String>) ((Map<String, Object>) ((Map<String, Object>) monitor.getAdditionalProperties()
                .get("spec")).get("selector")).get("matchLabels");

        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        List<Service> scraped = manifests.all(Service.class).stream()
                .filter(s -> s.getMetadata().getLabels().entrySet().containsAll(selector.entrySet())).toList();
        assertThat(scraped).extracting(s -> s.getMetadata().getName()).containsExactlyInAnyOrder(ChartRender.name("controller-metrics"),
                ChartRender.name("coredns-metrics"), ChartRender.name("dns-metrics"), ChartRender.name("etcd-metrics"));
        assertThat(scraped).allSatisfy(s -> assertThat(s.getSpec().getPorts()).extracting(ServicePort::getName).containsExactly("metrics"));
        assertThat(Serialization.asYaml(monitor)).contains("port: \"metrics\"").contains("path: \"/metrics\"");
    }

    @Test
    void disruptionBudgetsForEveryComponentWithSeveralReplicas() {
        assertThat(ChartRender.render("us-buf.yaml").all(PodDisruptionBudget.class)).extracting(p -> p.getMetadata().getName())
                .containsExactlyInAnyOrder(ChartRender.name("controller"), ChartRender.name("coredns"), ChartRender.name("etcd"));
        assertThat(ChartRender.render().all(PodDisruptionBudget.class)).extracting(p -> p.getMetadata().getName())
                .containsExactly(ChartRender.name("coredns"));
    }

    @Test
    void replicasSpreadOverNodesUnlessAffinityIsGiven() {
        ChartRender.Manifests manifests = ChartRender.render(List.of("us-buf.yaml"), Map.of("coredns.affinity.nodeAffinity"
                + ".requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key", "dns-node",
                "coredns.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0]"
                        + ".operator", "Exists"));

        manifests.podSpecs().forEach((owner, pod) -> {
            if (owner.endsWith("-coredns")) {
                assertThat(pod.getAffinity().getPodAntiAffinity()).as(owner).isNull();
                assertThat(pod.getAffinity().getNodeAffinity()).as(owner).isNotNull();
                return;
            }
            var term = pod.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution().get(0).getPodAffinityTerm();
            assertThat(term.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
            String kind = owner.substring(0, owner.indexOf('/'));
            String name = owner.substring(owner.indexOf('/') + 1);
            Map<String, String> podLabels = kind.equals("StatefulSet")
                    ? manifests.get(StatefulSet.class, name).getSpec().getTemplate().getMetadata().getLabels()
                    : manifests.get(Deployment.class, name).getSpec().getTemplate().getMetadata().getLabels();
            assertThat(term.getLabelSelector().getMatchLabels()).as(owner).isEqualTo(podLabels);
        });
    }

    @Test
    void notesSayHowToCheckItAnswersWithDig() {
        String notes = ChartRender.notes("us-buf.yaml");

        assertThat(notes).contains("DNS_IP=192.0.2.10", "dig @$DNS_IP hello.gb.foowidgets.k8s A +norec\n",
                "dig @$DNS_IP hello.gb.foowidgets.k8s A +norec +tcp\n", "REFUSED: recursion is off",
                "logs deploy/" + ChartRender.name("controller"), "the parent zone foowidgets.k8s must delegate gb.foowidgets.k8s");
    }

    private static String corefile(ChartRender.Manifests manifests) {
        return manifests.get(ConfigMap.class, ChartRender.name("coredns")).getData().get("Corefile");
    }
}
