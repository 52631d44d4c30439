package dev.wayfinder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.wayfinder.provider.rfc2136.testing.NamedProcess;
import dev.wayfinder.testing.CrudMockApi;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** {@code wayfinder controller --provider=rfc2136} with ExternalDNS's flags and variables, against a real named. */
@CrudMockApi
class Rfc2136CliTest {

    @RegisterExtension
    static final NamedProcess NAMED = NamedProcess.builder().zones("foowidgets.k8s").wipeBeforeEach().build();

    static KubernetesClient client;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void captureLogs() {
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        root.detachAppender(logs);
    }

    Path kubeconfig(Path dir) throws Exception {
        client.resource(new ServiceBuilder().withNewMetadata().withNamespace("default").withName("nginx")
                .addToAnnotations("external-dns.alpha.kubernetes.io/hostname", "nginx.foowidgets.k8s").endMetadata()
                .withNewSpec().withType("LoadBalancer").endSpec()
                .withNewStatus().withNewLoadBalancer().addNewIngress().withIp("172.18.200.101").endIngress().endLoadBalancer().endStatus()
                .build()).createOr(r -> r.update());
        return CliTest.kubeconfigFor(client, dir);
    }

    List<String> logLines() {
        return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void externalDnsRfc2136ArgumentsAndVariablesPublishIntoBindAndTheSecretIsRedacted(@TempDir Path dir) throws Exception {
        Path kubeconfig = kubeconfig(dir);
        Map<String, String> env = Map.of("EXTERNAL_DNS_RFC2136_TSIG_SECRET", NAMED.secret(),
                "EXTERNAL_DNS_RFC2136_TSIG_KEYNAME", NAMED.keyName(), "EXTERNAL_DNS_RFC2136_ZONE", "foowidgets.k8s");
        CliTest.Run r = CliTest.run(env, "controller", "--source=service", "--provider=rfc2136", "--rfc2136-host=127.0.0.1",
                "--rfc2136-port=" + NAMED.port(), "--rfc2136-tsig-secret-alg=" + NAMED.algorithm(), "--rfc2136-tsig-axfr",
                "--rfc2136-min-ttl=10m", "--rfc2136-batch-change-size=10", "--domain-filter=foowidgets.k8s", "--txt-owner-id=cluster-a",
                "--once", "--kubeconfig=" + kubeconfig, "--metrics-address=");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("create", "nginx.foowidgets.k8s");

        Message answer = NAMED.resolver().send(Message.newQuery(Record.newRecord(Name.fromString("nginx.foowidgets.k8s."), Type.A, DClass.IN)));
        assertThat(answer.getSection(Section.ANSWER)).singleElement().satisfies(a -> {
            assertThat(((ARecord) a).getAddress().getHostAddress()).isEqualTo("172.18.200.101");
            assertThat(a.getTTL()).isEqualTo(600);
        });
        assertThat(logLines()).anySatisfy(l -> assertThat(l).startsWith("Starting the controller")
                .contains("tsigKeyname=" + NAMED.keyName(), "tsigSecret=<redacted>", "batchChangeSize=10"));
        assertThat(logLines()).isNotEmpty().allSatisfy(l -> assertThat(l).doesNotContain(NAMED.secret()));
        assertThat(r.out() + r.err()).doesNotContain(NAMED.secret());
    }

    @Test
    void twoProvidersPlanSeparatelyAndNeitherShowsTheSecret(@TempDir Path dir) throws Exception {
        Path kubeconfig = kubeconfig(dir);
        CliTest.Run r = CliTest.run(Map.of(), "controller", "--source=service", "--provider=inmemory", "--provider=rfc2136",
                "--rfc2136-host=127.0.0.1:" + NAMED.port(), "--rfc2136-zone=foowidgets.k8s", "--rfc2136-tsig-keyname=" + NAMED.keyName(),
                "--rfc2136-tsig-secret=" + NAMED.secret(), "--rfc2136-tsig-secret-alg=" + NAMED.algorithm(),
                "--domain-filter=foowidgets.k8s", "--once", "--dry-run", "--kubeconfig=" + kubeconfig, "--metrics-address=");
        assertThat(r.code()).as(r.err()).isZero();
        // One plan per provider, each creating the record.
        assertThat(r.out().lines().filter(l -> l.contains("create") && l.contains("nginx.foowidgets.k8s"))).hasSize(2);
        assertThat(logLines()).anySatisfy(l -> assertThat(l).contains("on rfc2136")).anySatisfy(l -> assertThat(l).contains("on inmemory"));
        assertThat(logLines()).allSatisfy(l -> assertThat(l).doesNotContain(NAMED.secret()));
    }

    @Test
    void badRfc2136SettingsAreListedWithTheOthersAndTheSecretIsNotEchoed() {
        CliTest.Run r = CliTest.run(Map.of("EXTERNAL_DNS_RFC2136_TSIG_SECRET", "hunter2!"), "controller", "--source=service",
                "--provider=rfc2136", "--policy=yolo", "--rfc2136-min-ttl=soon", "--rfc2136-tsig-secret-alg=hmac-md4");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--policy", "--rfc2136-min-ttl", "soon").doesNotContain("hunter2");
        CliTest.Run r2 = CliTest.run(Map.of("EXTERNAL_DNS_RFC2136_TSIG_SECRET", "hunter2!"), "controller", "--source=service",
                "--provider=rfc2136", "--rfc2136-tsig-secret-alg=hmac-md4");
        assertThat(r2.code()).isEqualTo(2);
        assertThat(r2.err()).contains("--rfc2136-host", "--rfc2136-zone", "--rfc2136-tsig-keyname", "--rfc2136-tsig-secret:", "base64",
                "hmac-md4").doesNotContain("hunter2");
    }
}
