package dev.wayfinder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.provider.rfc2136.testing.NamedProcess;
import dev.wayfinder.testing.CrudMockApi;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * {@code --source=gslb} with an edge zone: the RFC 2136 provider (a real named) receives this cluster's NS and glue and
 * nothing else, while the Gslb's records go to the cluster's own DNS (here the in-memory provider).
 */
@CrudMockApi
class GslbEdgeCliTest {

    @RegisterExtension
    static final NamedProcess NAMED = NamedProcess.builder().zones("foowidgets.k8s").wipeBeforeEach().build();

    static KubernetesClient client;

    @Test
    void theEdgeGetsTheDelegationOnly(@TempDir Path dir) throws Exception {
        GslbFixture.publishHealthyGslb(client, "{type: roundRobin}");
        Path kubeconfig = CliTest.kubeconfigFor(client, dir);

        CliTest.Run r = CliTest.run(Map.of("EXTERNAL_DNS_RFC2136_TSIG_SECRET", NAMED.secret()), "controller", "--source=gslb",
                "--provider=inmemory,rfc2136", "--domain-filter=gb.foowidgets.k8s", "--txt-owner-id=us-buf",
                "--rfc2136-host=127.0.0.1", "--rfc2136-port=" + NAMED.port(), "--rfc2136-zone=foowidgets.k8s",
                "--rfc2136-tsig-keyname=" + NAMED.keyName(), "--rfc2136-tsig-secret-alg=" + NAMED.algorithm(), "--rfc2136-tsig-axfr",
                "--cluster-geo-tag=us-buf", "--edge-dns-zone=foowidgets.k8s", "--cluster-exposed-ip=10.0.0.53",
                "--once", "--kubeconfig=" + kubeconfig, "--metrics-address=");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("fe.gb.foowidgets.k8s", "localtargets-fe.gb.foowidgets.k8s", "gslb-ns-us-buf-gb.foowidgets.k8s");

        Message ns = NAMED.resolver().send(Message.newQuery(Record.newRecord(Name.fromString("gb.foowidgets.k8s."), Type.NS, DClass.IN)));
        assertThat(ns.getSection(Section.ANSWER).isEmpty() ? ns.getSection(Section.AUTHORITY) : ns.getSection(Section.ANSWER))
                .singleElement().satisfies(n -> assertThat(((NSRecord) n).getTarget()).isEqualTo(Name.fromString("gslb-ns-us-buf-gb.foowidgets.k8s.")));
        Message glue = NAMED.resolver().send(Message.newQuery(Record.newRecord(Name.fromString("gslb-ns-us-buf-gb.foowidgets.k8s."), Type.A,
                DClass.IN)));
        assertThat(glue.getSection(Section.ANSWER)).singleElement()
                .satisfies(a -> assertThat(((ARecord) a).getAddress().getHostAddress()).isEqualTo("10.0.0.53"));
        Message app = NAMED.resolver().send(Message.newQuery(Record.newRecord(Name.fromString("fe.gb.foowidgets.k8s."), Type.A, DClass.IN)));
        assertThat(app.getSection(Section.ANSWER)).as("the application records stay below the delegation, off the edge").isEmpty();
    }
}
