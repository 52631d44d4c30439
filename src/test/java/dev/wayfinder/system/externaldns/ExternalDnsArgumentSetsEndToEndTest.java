package dev.wayfinder.system.externaldns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wayfinder.provider.etcd.testing.EtcdServerExtension;
import dev.wayfinder.provider.rfc2136.testing.NamedProcess;
import dev.wayfinder.testing.CrudMockApi;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Issue 12, deliverable 6: the controller started with each of the three ExternalDNS argument sets of the issue, unchanged
 * (only where a test has no such server — the RFC 2136 host and port — is the address replaced by the real {@code named}
 * started here), against real etcd and real {@code named}, publishing ExternalDNS's own tutorial fixtures. Each set cites
 * its upstream file (kubernetes-sigs/external-dns at tag v0.22.0). The Kubernetes API is fabric8's CRUD mock; the
 * kubeconfig comes as {@code EXTERNAL_DNS_KUBECONFIG} and the metrics address as {@code EXTERNAL_DNS_METRICS_ADDRESS}
 * (a free port), both ExternalDNS's variables, so the arguments stay as written.
 */
@CrudMockApi
class ExternalDnsArgumentSetsEndToEndTest {

    static KubernetesClient client;

    @RegisterExtension
    static final EtcdServerExtension ETCD = new EtcdServerExtension();

    /** docs/tutorials/rfc2136.md lines 496-498: the tutorial's key name and secret, which its BIND is configured with. */
    static final String TUTORIAL_SECRET = "96Ah/a2g0/nLeFGK+d/0tzQcccf9hCEIy34PoXX2Qg8=";

    @RegisterExtension
    static final NamedProcess TUTORIAL_BIND = NamedProcess.builder().zones("k8s.example.org", "k8s.your-zone.org")
            .keyName("externaldns-key").secret(TUTORIAL_SECRET).build();

    /** docs/snippets/tutorials/rfc2136/bind9.yaml serves example.local and 49.168.192.in-addr.arpa with the same key. */
    @RegisterExtension
    static final NamedProcess CHART_BIND = NamedProcess.builder().zones("example.local", "49.168.192.in-addr.arpa")
            .keyName("externaldns-key").secret(TUTORIAL_SECRET).build();

    /**
     * The chart's coredns arguments: charts/external-dns/templates/deployment.yaml lines 92-142 with the chart's defaults
     * (values.yaml lines 207-243) and docs/snippets/tutorials/coredns/values-extdns-coredns.yaml, policy upsert-only.
     */
    static final List<String> CHART_COREDNS = List.of("--log-level=info", "--log-format=text", "--interval=1m", "--source=service",
            "--source=ingress", "--policy=upsert-only", "--registry=txt", "--txt-owner-id=cluster1", "--annotation-filter=cluster-name=cluster1",
            "--domain-filter=example.org", "--provider=coredns");

    Map<String, String> env(Path dir, String... more) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(Map.of("EXTERNAL_DNS_KUBECONFIG", kubeconfig(dir).toString(),
                "EXTERNAL_DNS_METRICS_ADDRESS", "127.0.0.1:0"));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    @Test
    void theChartsCorednsValuesStartAndPublishTheTutorialFixturesIntoEtcd(@TempDir Path dir) throws Exception {
        // docs/snippets/tutorials/coredns/fixtures.yaml: a-g1-record and aa-g1-record; their load balancer addresses as a controller sets them.
        apply(load("coredns-fixtures.yaml"));
        setLoadBalancer("a-g1-record", "172.18.0.50");
        setLoadBalancer("aa-g1-record", "172.18.0.51");
        try (RunningController c = new RunningController(CHART_COREDNS, env(dir, "ETCD_URLS", ETCD.clientUrl()))) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(c.exitCode()).as(c.errors()).isEqualTo(-1);
                assertThat(values("/skydns/org/example/a/")).singleElement().asString()
                        .contains("\"host\":\"172.18.0.50\"", "\"group\":\"g1\"", "\"owner\":\"cluster1\"");
                assertThat(values("/skydns/org/example/aa/")).singleElement().asString().contains("\"host\":\"172.18.0.51\"");
            });
        } finally {
            ETCD.deletePrefix("/skydns/");
        }
    }

    @Test
    void theRfc2136TutorialDeploymentStartsAndPublishesIntoBind(@TempDir Path dir) throws Exception {
        // docs/tutorials/rfc2136.md lines 488-502, the server address replaced by the named started here.
        List<String> args = new ArrayList<>(List.of("--registry=txt", "--txt-prefix=external-dns-", "--txt-owner-id=k8s", "--provider=rfc2136",
                "--rfc2136-host=127.0.0.1", "--rfc2136-port=" + TUTORIAL_BIND.port(), "--rfc2136-zone=k8s.example.org",
                "--rfc2136-zone=k8s.your-zone.org", "--rfc2136-tsig-secret=" + TUTORIAL_SECRET, "--rfc2136-tsig-secret-alg=hmac-sha256",
                "--rfc2136-tsig-keyname=externaldns-key", "--rfc2136-axfr", "--source=ingress", "--policy=upsert-only",
                "--domain-filter=k8s.example.org"));
        client.resource(new IngressBuilder().withNewMetadata().withNamespace("default").withName("app").endMetadata().withNewSpec()
                .addNewRule().withHost("app.k8s.example.org").endRule().endSpec().withNewStatus().withNewLoadBalancer().addNewIngress()
                .withIp("192.168.0.80").endIngress().endLoadBalancer().endStatus().build()).createOr(r -> r.update());
        try (RunningController c = new RunningController(args, env(dir))) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(c.exitCode()).as(c.errors()).isEqualTo(-1);
                assertThat(answers(TUTORIAL_BIND, "app.k8s.example.org", Type.A)).containsExactly("192.168.0.80");
                // rfc2136.md: with --txt-prefix=external-dns- the ownership record is external-dns-a-app.k8s.example.org.
                assertThat(answers(TUTORIAL_BIND, "external-dns-a-app.k8s.example.org", Type.TXT)).singleElement().asString()
                        .contains("heritage=external-dns", "external-dns/owner=k8s");
            });
        }
    }

    @Test
    void theRfc2136ChartValuesStartAndPublishRecordsAndPtrsIntoBind(@TempDir Path dir) throws Exception {
        // docs/snippets/tutorials/rfc2136/values-extdns-rfc2136.yaml through charts/external-dns/templates/deployment.yaml lines 92-168,
        // the --rfc2136-host (bind9.bind9.svc.cluster.local) and port replaced by the named started here.
        List<String> args = List.of("--log-level=debug", "--log-format=text", "--interval=10s", "--source=service", "--source=ingress",
                "--source=crd", "--policy=sync", "--registry=txt", "--txt-owner-id=external-dns", "--domain-filter=example.local",
                "--domain-filter=49.168.192.in-addr.arpa", "--provider=rfc2136", "--rfc2136-host=127.0.0.1", "--rfc2136-port=" + CHART_BIND.port(),
                "--rfc2136-zone=example.local", "--rfc2136-zone=49.168.192.in-addr.arpa", "--rfc2136-tsig-keyname=externaldns-key",
                "--rfc2136-tsig-secret=" + TUTORIAL_SECRET, "--rfc2136-tsig-secret-alg=hmac-sha256", "--rfc2136-axfr", "--create-ptr",
                "--managed-record-types=A", "--managed-record-types=AAAA", "--managed-record-types=CNAME", "--managed-record-types=PTR");
        // The DNSEndpoint CRD ExternalDNS's chart ships (charts/external-dns/crds/dnsendpoints.externaldns.k8s.io.yaml), then
        // docs/snippets/tutorials/rfc2136/fixtures.yaml: the DNSEndpoint test-a-records and the Service nginx-rfc2136.
        client.apiextensions().v1().customResourceDefinitions().resource(Serialization.unmarshal(
                resource("dnsendpoints.externaldns.k8s.io.yaml"), CustomResourceDefinition.class))
                .createOr(r -> r.update());
        apply(load("rfc2136-fixtures.yaml"));
        setLoadBalancer("nginx-rfc2136", "192.168.49.30");
        try (RunningController c = new RunningController(args, env(dir))) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(c.exitCode()).as(c.errors()).isEqualTo(-1);
                assertThat(answers(CHART_BIND, "app.example.local", Type.A)).containsExactly("192.168.49.10");
                assertThat(answers(CHART_BIND, "api.example.local", Type.A)).containsExactly("192.168.49.20");
                assertThat(answers(CHART_BIND, "svc.example.local", Type.A)).containsExactly("192.168.49.30");
                assertThat(answers(CHART_BIND, "10.49.168.192.in-addr.arpa", Type.PTR)).containsExactly("app.example.local.");
                assertThat(answers(CHART_BIND, "30.49.168.192.in-addr.arpa", Type.PTR)).containsExactly("svc.example.local.");
            });
        }
    }

    static String resource(String name) throws Exception {
        try (var in = ExternalDnsArgumentSetsEndToEndTest.class.getResourceAsStream("/externaldns/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static List<HasMetadata> load(String name) throws Exception {
        return client.load(new java.io.ByteArrayInputStream(resource(name).getBytes(StandardCharsets.UTF_8))).items();
    }

    static void apply(List<HasMetadata> objects) {
        for (HasMetadata o : objects) {
            if (o instanceof GenericKubernetesResource g) {
                ResourceDefinitionContext dnsEndpoint = new ResourceDefinitionContext.Builder().withGroup("externaldns.k8s.io")
                        .withVersion("v1alpha1").withKind("DNSEndpoint").withPlural("dnsendpoints").withNamespaced(true).build();
                client.genericKubernetesResources(dnsEndpoint).inNamespace(g.getMetadata().getNamespace()).resource(g).createOr(r -> r.update());
            } else {
                client.resource(o).createOr(r -> r.update());
            }
        }
    }

    static void setLoadBalancer(String name, String ip) {
        Service s = client.services().inNamespace("default").withName(name).get();
        client.resource(new ServiceBuilder(s).withNewStatus().withNewLoadBalancer().addNewIngress().withIp(ip).endIngress().endLoadBalancer()
                .endStatus().build()).updateStatus();
    }

    static List<String> values(String prefix) throws Exception {
        List<KeyValue> kvs = ETCD.client().getKVClient().get(ByteSequence.from(prefix, StandardCharsets.UTF_8),
                GetOption.builder().isPrefix(true).build()).get().getKvs();
        return kvs.stream().map(kv -> kv.getValue().toString(StandardCharsets.UTF_8)).toList();
    }

    static List<String> answers(NamedProcess named, String name, int type) throws Exception {
        Message m = named.resolver().send(Message.newQuery(Record.newRecord(Name.fromString(name + "."), type, org.xbill.DNS.DClass.IN)));
        return m.getSection(Section.ANSWER).stream().filter(r -> r.getType() == type).map(r -> r.rdataToString()).toList();
    }

    static Path kubeconfig(Path dir) throws Exception {
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, String.join("\n", "apiVersion: v1", "kind: Config",
                "clusters: [{name: mock, cluster: {server: \"" + client.getConfiguration().getMasterUrl() + "\", insecure-skip-tls-verify: true}}]",
                "users: [{name: u, user: {token: t}}]", "contexts: [{name: c, context: {cluster: mock, user: u, namespace: default}}]",
                "current-context: c", ""));
        return kubeconfig;
    }
}
