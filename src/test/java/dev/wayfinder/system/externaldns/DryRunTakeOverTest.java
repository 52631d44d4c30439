package dev.wayfinder.system.externaldns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.cli.Main;
import dev.wayfinder.provider.etcd.testing.EtcdServerExtension;
import dev.wayfinder.system.externaldns.CoreDnsFixture.ArgSet;
import dev.wayfinder.testing.CrudMockApi;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code wayfinder controller --once --dry-run} with ExternalDNS's arguments over the store ExternalDNS
 * left: the table says exactly what the first pass will change — every record set adopted, every
 * ownership record rewritten, the untyped one retired (on the pass after) — and nothing in etcd changes.
 */
@CrudMockApi
class DryRunTakeOverTest {

    @RegisterExtension
    static final EtcdServerExtension ETCD = new EtcdServerExtension();

    static KubernetesClient client;

    @Test
    void theFirstPassIsShownRowByRowAndNothingIsWritten(@TempDir Path dir) throws Exception {
        ArgSet set = new ArgSet("--txt-prefix=external-dns-", List.of(), false, (n, t) -> "external-dns-" + t.toLowerCase() + "-" + n,
                n -> "external-dns-" + n);
        Map<String, String> before = CoreDnsFixture.etcd(set);
        for (Map.Entry<String, String> kv : before.entrySet()) {
            ETCD.client().getKVClient().put(bytes(kv.getKey()), bytes(kv.getValue())).get(5, TimeUnit.SECONDS);
        }
        CoreDnsFixture.published(set).forEach(p -> client.resource(CoreDnsFixture.service(p)).create());

        List<String> args = new ArrayList<>(List.of("controller", "--once", "--dry-run", "--kubeconfig=" + kubeconfig(dir),
                "--metrics-address=", "--etcd-urls=" + ETCD.clientUrl(), "--source=service", "--provider=coredns", "--domain-filter=" + CoreDnsFixture.ZONE,
                "--txt-owner-id=" + CoreDnsFixture.OWNER, "--txt-prefix=external-dns-"));
        StringWriter out = new StringWriter();
        CommandLine line = Main.commandLine();
        line.setOut(new PrintWriter(out)).setErr(new PrintWriter(out));
        int code = line.execute(args.toArray(String[]::new));

        assertThat(code).as(out.toString()).isZero();
        List<String> rows = out.toString().lines().map(l -> l.replaceAll(" +", " ").trim()).toList();
        assertThat(rows).contains(
                "adopt nginx.foowidgets.k8s A - -> 300 172.18.200.101 service/default/nginx",
                "adopt api.foowidgets.k8s A 60 172.18.200.102 service/default/api",
                "adopt shop.foowidgets.k8s CNAME - -> 300 lb-1234.elb.example.net service/default/shop",
                "adopt external-dns-a-nginx.foowidgets.k8s TXT - -> 300 " + CoreDnsFixture.heritage("cluster1", "service/default/nginx")
                        + " service/default/nginx",
                "create external-dns-a-ancient.foowidgets.k8s TXT 300 " + CoreDnsFixture.heritage("cluster1", "service/default/ancient")
                        + " service/default/ancient");
        // Eight record sets and the seven typed ownership records ExternalDNS wrote for them (ancient has only the untyped one).
        assertThat(rows).filteredOn(r -> r.startsWith("adopt ")).hasSize(8 + 7);
        assertThat(stored()).as("nothing written").isEqualTo(new TreeMap<>(before));
    }

    static Path kubeconfig(Path dir) throws Exception {
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, String.join("\n", "apiVersion: v1", "kind: Config",
                "clusters: [{name: mock, cluster: {server: \"" + client.getConfiguration().getMasterUrl() + "\", insecure-skip-tls-verify: true}}]",
                "users: [{name: u, user: {token: t}}]", "contexts: [{name: c, context: {cluster: mock, user: u, namespace: default}}]",
                "current-context: c", ""));
        return kubeconfig;
    }

    static Map<String, String> stored() throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (KeyValue kv : ETCD.client().getKVClient().get(bytes("/"), GetOption.builder().isPrefix(true).build()).get(5, TimeUnit.SECONDS)
                .getKvs()) {
            out.put(kv.getKey().toString(StandardCharsets.UTF_8), kv.getValue().toString(StandardCharsets.UTF_8));
        }
        return out;
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}
