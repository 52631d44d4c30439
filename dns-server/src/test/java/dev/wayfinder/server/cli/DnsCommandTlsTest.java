package dev.wayfinder.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wayfinder.provider.etcd.testing.EtcdServerExtension;
import dev.wayfinder.provider.etcd.testing.EtcdTls;
import dev.wayfinder.server.answer.Fixtures;
import io.etcd.jetcd.ByteSequence;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import picocli.CommandLine;

/** {@code wayfinder dns} against an etcd that requires TLS client certificates and a login. */
class DnsCommandTlsTest {

    @RegisterExtension
    static final EtcdServerExtension ETCD = EtcdServerExtension.withTls("wayfinder", "s3cret pass");

    @Test
    void connectsWithTheControllersTlsAndAuthOptions() throws Exception {
        ETCD.client().getKVClient().put(ByteSequence.from("/skydns/test/skydns/tls/a", StandardCharsets.UTF_8),
                ByteSequence.from("{\"host\":\"10.43.0.1\",\"ttl\":60}", StandardCharsets.UTF_8)).get();
        EtcdTls tls = ETCD.security().orElseThrow().tls();
        DnsCommand command = new DnsCommand();
        CommandLine cl = new CommandLine(command);
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute("--listen", "127.0.0.1:0",
                "--zone", "skydns.test", "--etcd-endpoints", ETCD.clientUrl(), "--ops-listen", "none",
                "--etcd-ca-file", tls.caFile().toString(), "--etcd-cert-file", tls.clientCertFile().toString(),
                "--etcd-key-file", tls.clientKeyFile().toString(), "--etcd-tls-server-name", EtcdTls.SERVER_NAME,
                "--etcd-username", "wayfinder", "--etcd-password", "s3cret pass"));
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> command.started.getCount() == 0 || exit.isDone());
            assertThat(exit).isNotDone();
            SimpleResolver resolver = new SimpleResolver(command.boundAddress);
            resolver.setTimeout(Duration.ofSeconds(2));
            await().atMost(Duration.ofSeconds(15)).until(() -> resolver.send(Fixtures.query("tls.skydns.test", Type.A)).getRcode() == Rcode.NOERROR);
            assertThat(Fixtures.lines(resolver.send(Fixtures.query("tls.skydns.test", Type.A)), Section.ANSWER))
                    .containsExactly("tls.skydns.test. 60 A 10.43.0.1");
            assertThat(out.toString()).doesNotContain("s3cret");
        } finally {
            command.stop();
        }
        assertThat(exit.get()).isZero();
    }
}
