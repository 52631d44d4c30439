package dev.wayfinder.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@CrudMockApi
class CliTest {

    static KubernetesClient client;

    @RegisterExtension
    static final EtcdServerExtension ETCD = new EtcdServerExtension();

    record Run(int code, String out, String err) {
    }

    static Run run(Map<String, String> env, String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        ControllerCommand controller = cl.getSubcommands().get("controller").getCommand();
        controller.env = env;
        cl.getSubcommands().get("controller").setDefaultValueProvider(new ExternalDnsEnvironment(env));
        CorefileCommand corefile = cl.getSubcommands().get("corefile").getCommand();
        corefile.env = env;
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** The seed story's Service in the mock API, and a kubeconfig pointing at it. */
    static Path kubeconfig(Path dir) throws Exception {
        client.resource(new ServiceBuilder().withNewMetadata().withNamespace("default").withName("nginx")
                .addToAnnotations("external-dns.alpha.kubernetes.io/hostname", "nginx.foowidgets.k8s").endMetadata()
                .withNewSpec().withType("LoadBalancer").endSpec()
                .withNewStatus().withNewLoadBalancer().addNewIngress().withIp("172.18.200.101").endIngress().endLoadBalancer().endStatus()
                .build()).createOr(r -> r.update());
        return kubeconfigFor(client, dir);
    }

    /** A kubeconfig pointing at {@code api} (a mock server). */
    static Path kubeconfigFor(KubernetesClient api, Path dir) throws Exception {
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, String.join("\n",
                "apiVersion: v1",
                "kind: Config",
                "clusters: [{name: mock, cluster: {server: \"" + api.getConfiguration().getMasterUrl() + "\", insecure-skip-tls-verify: true}}]",
                "users: [{name: u, user: {token: t}}]",
                "contexts: [{name: c, context: {cluster: mock, user: u, namespace: default}}]",
                "current-context: c", ""));
        return kubeconfig;
    }

    @Test
    void corefilePrintsTheEtcdServerBlock() {
        Run r = run(Map.of("ETCD_URLS", "http://10.0.0.5:2379", "ETCD_USERNAME", "dns", "ETCD_PASSWORD", "hunter2"),
                "corefile", "--domain-filter", "foowidgets.k8s");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(String.join("\n",
                "foowidgets.k8s:53 {",
                "    etcd foowidgets.k8s {",
                "        path /skydns",
                "        endpoint http://10.0.0.5:2379",
                "        credentials dns {$ETCD_PASSWORD}",
                "    }",
                "    loadbalance",
                "    errors",
                "    log",
                "}", ""));
        assertThat(r.out()).doesNotContain("hunter2");
    }

    @Test
    void badConfigurationListsEveryProblemAndExits2() {
        Run r = run(Map.of("ETCD_URLS", "ftp://nowhere"), "controller", "--source=service", "--source=gateway", "--policy=yolo",
                "--provider=coredns", "--interval=never", "--registry=dynamodb", "--txt-prefix=p-", "--txt-suffix=-s", "--etcd-password=hunter2");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--source", "gateway", "--policy", "yolo", "--interval", "ETCD_URLS", "--registry: 'dynamodb'",
                        "--txt-prefix/--txt-suffix: --txt-prefix and --txt-suffix are mutually exclusive")
                .doesNotContain("hunter2");
    }

    @Test
    void anExternalDnsDeploymentsArgumentsWorkUnchanged(@TempDir Path dir) throws Exception {
        Path kubeconfig = kubeconfig(dir);
        Run r = run(Map.of("ETCD_URLS", ETCD.clientUrl()), "controller", "--source=service", "--source=ingress", "--provider=coredns",
                "--domain-filter=foowidgets.k8s", "--txt-owner-id=cluster-a", "--policy=sync", "--registry=txt", "--log-level=info",
                "--interval=1m", "--once", "--kubeconfig=" + kubeconfig, "--metrics-address=");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("create", "nginx.foowidgets.k8s");
        List<KeyValue> kvs = ETCD.client().getKVClient().get(ByteSequence.from("/skydns/k8s/foowidgets/nginx/", StandardCharsets.UTF_8),
                GetOption.builder().isPrefix(true).build()).get().getKvs();
        assertThat(kvs).singleElement().satisfies(kv -> assertThat(kv.getValue().toString(StandardCharsets.UTF_8))
                .contains("\"host\":\"172.18.200.101\"", "\"owner\":\"cluster-a\""));
        ETCD.deletePrefix("/skydns/");
    }

    @Test
    void onceDryRunPrintsThePlanFromFlagsAndExternalDnsVariables(@TempDir Path dir) throws Exception {
        Path kubeconfig = kubeconfig(dir);
        Run r = run(Map.of("EXTERNAL_DNS_TXT_OWNER_ID", "from-env", "EXTERNAL_DNS_DOMAIN_FILTER", "foowidgets.k8s"),
                "controller", "--source=service", "--provider=inmemory", "--policy=sync", "--once", "--dry-run",
                "--kubeconfig=" + kubeconfig, "--metrics-address=");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("ACTION", "create", "nginx.foowidgets.k8s", "A", "172.18.200.101", "service/default/nginx");
    }
}
