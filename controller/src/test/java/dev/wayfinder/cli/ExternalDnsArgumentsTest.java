package dev.wayfinder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.config.ControllerConfig;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.provider.etcd.testing.EtcdServerExtension;
import dev.wayfinder.testing.CrudMockApi;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * ExternalDNS deployments' real arguments, unchanged (each cites its upstream file, kubernetes-sigs/external-dns
 * at v0.22.0), and the argument forms kingpin has: {@code --no-<flag>}, newline-separated
 * {@code EXTERNAL_DNS_*} values, refusals with the reason.
 */
@CrudMockApi
class ExternalDnsArgumentsTest {

    static KubernetesClient client;

    @RegisterExtension
    static final EtcdServerExtension ETCD = new EtcdServerExtension();

    /**
     * charts/external-dns/templates/deployment.yaml lines 92-142 with the chart's defaults (values.yaml: logLevel info,
     * logFormat text, interval 1m, sources service+ingress, registry txt) and the coredns tutorial's values
     * (docs/snippets/tutorials/coredns/values-extdns-coredns.yaml: txtOwnerId cluster1, annotationFilter
     * cluster-name=cluster1, domainFilters example.org, provider coredns), policy upsert-only: the argument set of issue 12.
     */
    static final List<String> CHART_COREDNS = List.of("--log-level=info", "--log-format=text", "--interval=1m", "--source=service",
            "--source=ingress", "--policy=upsert-only", "--registry=txt", "--txt-owner-id=cluster1", "--annotation-filter=cluster-name=cluster1",
            "--domain-filter=example.org", "--provider=coredns");

    /** docs/tutorials/rfc2136.md lines 488-502: the tutorial's Deployment args. */
    static final List<String> RFC2136_TUTORIAL = List.of("--registry=txt", "--txt-prefix=external-dns-", "--txt-owner-id=k8s",
            "--provider=rfc2136", "--rfc2136-host=192.168.0.1", "--rfc2136-port=53", "--rfc2136-zone=k8s.example.org",
            "--rfc2136-zone=k8s.your-zone.org", "--rfc2136-tsig-secret=96Ah/a2g0/nLeFGK+d/0tzQcccf9hCEIy34PoXX2Qg8=",
            "--rfc2136-tsig-secret-alg=hmac-sha256", "--rfc2136-tsig-keyname=externaldns-key", "--rfc2136-axfr", "--source=ingress",
            "--policy=upsert-only", "--domain-filter=k8s.example.org");

    /**
     * docs/snippets/tutorials/rfc2136/values-extdns-rfc2136.yaml rendered by charts/external-dns/templates/deployment.yaml
     * lines 92-168 (logFormat text and registry txt from the chart's values.yaml; extraArgs as a list, last).
     */
    static final List<String> RFC2136_CHART = List.of("--log-level=debug", "--log-format=text", "--interval=10s", "--source=service",
            "--source=ingress", "--source=crd", "--policy=sync", "--registry=txt", "--txt-owner-id=external-dns", "--domain-filter=example.local",
            "--domain-filter=49.168.192.in-addr.arpa", "--provider=rfc2136", "--rfc2136-host=bind9.bind9.svc.cluster.local", "--rfc2136-port=53",
            "--rfc2136-zone=example.local", "--rfc2136-zone=49.168.192.in-addr.arpa", "--rfc2136-tsig-keyname=externaldns-key",
            "--rfc2136-tsig-secret=96Ah/a2g0/nLeFGK+d/0tzQcccf9hCEIy34PoXX2Qg8=", "--rfc2136-tsig-secret-alg=hmac-sha256", "--rfc2136-axfr",
            "--create-ptr", "--managed-record-types=A", "--managed-record-types=AAAA", "--managed-record-types=CNAME",
            "--managed-record-types=PTR");

    record Checked(ControllerConfig config, String err) {
    }

    /** Parses and checks the arguments as {@code wayfinder controller} does, without starting anything. */
    static Checked check(Map<String, String> env, List<String> args) {
        CommandLine cl = Main.commandLine();
        CommandLine controller = cl.getSubcommands().get("controller");
        controller.setDefaultValueProvider(new ExternalDnsEnvironment(env));
        ControllerCommand command = controller.getCommand();
        command.env = env;
        List<String> all = new ArrayList<>(List.of("controller"));
        all.addAll(args);
        cl.parseArgs(all.toArray(String[]::new));
        StringWriter err = new StringWriter();
        ControllerConfig config = command.validated(new PrintWriter(err, true));
        return new Checked(config, err.toString());
    }

    @Test
    void theRfc2136TutorialDeploymentIsAccepted() {
        Checked c = check(Map.of(), RFC2136_TUTORIAL);
        assertThat(c.err()).isEmpty();
        assertThat(c.config().rfc2136()).hasValueSatisfying(r -> assertThat(r.zones()).map(DnsName::toString)
                .containsExactly("k8s.example.org", "k8s.your-zone.org"));
    }

    @Test
    void theRfc2136ChartValuesAreAcceptedWithPtrRecordsManaged() {
        Checked c = check(Map.of(), RFC2136_CHART);
        assertThat(c.err()).isEmpty();
        assertThat(c.config().loop().sources().createPtr()).isTrue();
        assertThat(c.config().loop().sources().recordTypes().managed())
                .containsExactlyInAnyOrder(RecordType.A, RecordType.AAAA, RecordType.CNAME, RecordType.PTR);
        assertThat(c.config().domainFilter().matches(DnsName.of("10.49.168.192.in-addr.arpa"))).isTrue();
    }

    @Test
    void theChartsCorednsArgumentsStartAndPublishTheTutorialFixture(@TempDir Path dir) throws Exception {
        // docs/snippets/tutorials/coredns/fixtures.yaml: Service a-g1-record (hostname a.example.org, coredns-group g1,
        // cluster-name: cluster1); its load balancer's address is set as a controller would.
        client.resource(new ServiceBuilder().withNewMetadata().withNamespace("default").withName("a-g1-record").addToLabels("svc", "test-svc")
                .addToAnnotations("external-dns.kubernetes.io/hostname", "a.example.org")
                .addToAnnotations("external-dns.kubernetes.io/coredns-group", "g1").addToAnnotations("cluster-name", "cluster1").endMetadata()
                .withNewSpec().withType("LoadBalancer").addNewPort().withPort(80).withName("http").endPort().addToSelector("app", "test-app").endSpec()
                .withNewStatus().withNewLoadBalancer().addNewIngress().withIp("172.18.0.50").endIngress().endLoadBalancer().endStatus().build())
                .createOr(r -> r.update());
        List<String> args = new ArrayList<>(List.of("controller"));
        args.addAll(CHART_COREDNS);
        args.addAll(List.of("--once", "--kubeconfig=" + CliTest.kubeconfigFor(client, dir), "--metrics-address="));
        CliTest.Run r = CliTest.run(Map.of("ETCD_URLS", ETCD.clientUrl()), args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        List<KeyValue> kvs = ETCD.client().getKVClient().get(ByteSequence.from("/skydns/org/example/a/", StandardCharsets.UTF_8),
                GetOption.builder().isPrefix(true).build()).get().getKvs();
        assertThat(kvs).singleElement().satisfies(kv -> assertThat(kv.getValue().toString(StandardCharsets.UTF_8))
                .contains("\"host\":\"172.18.0.50\"", "\"group\":\"g1\"", "\"owner\":\"cluster1\""));
        ETCD.deletePrefix("/skydns/");
    }

    @Test
    void kingpinsNoFormsAndNewlineSeparatedVariables() {
        Checked c = check(Map.of("EXTERNAL_DNS_DOMAIN_FILTER", "a.example.org\nb.example.org", "EXTERNAL_DNS_PUBLISH_INTERNAL_SERVICES", "1",
                        "EXTERNAL_DNS_MANAGED_RECORD_TYPES", "A\nSRV"),
                List.of("--source=service", "--provider=inmemory", "--no-exclude-unschedulable", "--no-dry-run", "--domain-filter=.c.example.org"));
        assertThat(c.err()).isEmpty();
        assertThat(c.config().loop().sources().excludeUnschedulable()).isFalse();
        assertThat(c.config().loop().sources().publishInternal()).isTrue();
        assertThat(c.config().loop().sources().recordTypes().managed()).containsExactlyInAnyOrder(RecordType.A, RecordType.SRV);
        // A flag on the command line replaces the variable; the leading dot means "below it only" (domain_filter.go matchFilter).
        assertThat(c.config().domainFilter().matches(DnsName.of("x.c.example.org"))).isTrue();
        assertThat(c.config().domainFilter().matches(DnsName.of("c.example.org"))).isFalse();
    }

    @Test
    void otherProvidersFlagsAndUnsupportedValuesAreRefusedWithTheReasonAllAtOnce() {
        Checked c = check(Map.of("EXTERNAL_DNS_TXT_ENCRYPT_ENABLED", "true"), List.of("--source=service", "--provider=inmemory",
                "--aws-zone-type=public", "--no-aws-evaluate-target-health", "--rfc2136-use-tls", "--log-format=xml"));
        assertThat(c.config()).isNull();
        assertThat(c.err()).contains("--aws-zone-type: provider aws is not supported: Wayfinder publishes to coredns (etcd) and rfc2136",
                "--aws-evaluate-target-health: provider aws", "--rfc2136-use-tls: DNS over TLS", "--txt-encrypt-enabled: encrypted TXT",
                "--log-format: 'xml' is not text or json");
    }

    @Test
    void ingressClassAndAnIngressClassAnnotationFilterExcludeEachOtherAsInExternalDns() {
        // source/ingress.go NewIngressSource: "--ingress-class is mutually exclusive with the kubernetes.io/ingress.class annotation filter"
        Checked c = check(Map.of(), List.of("--source=ingress", "--provider=inmemory", "--ingress-class=nginx",
                "--annotation-filter=kubernetes.io/ingress.class in (nginx)"));
        assertThat(c.err()).contains("--ingress-class: mutually exclusive with the kubernetes.io/ingress.class annotation filter");
    }

    @Test
    void acceptedWithoutEffectAndAlwaysOnFlagsStartNormally() {
        Checked c = check(Map.of(), List.of("--source=service", "--provider=inmemory", "--events", "--batch-change-size=100",
                "--zone-id-filter=Z1", "--listen-endpoint-events", "--min-event-sync-interval=5s", "--rfc2136-create-ptr"));
        assertThat(c.err()).isEmpty();
        assertThat(c.config().loop().minEventSyncInterval()).hasSeconds(5);
        assertThat(c.config().loop().sources().createPtr()).isTrue();
    }
}
