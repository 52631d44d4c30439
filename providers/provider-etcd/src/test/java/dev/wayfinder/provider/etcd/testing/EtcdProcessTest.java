package dev.wayfinder.provider.etcd.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.kv.GetResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EtcdProcessTest {

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    @Test
    void keepsDataAcrossRestartOnTheSamePortAndDeletesItOnClose() throws Exception {
        Path dataDir;
        try (EtcdProcess etcd = EtcdProcess.start()) {
            String url = etcd.clientUrl();
            assertThat(url).startsWith("http://127.0.0.1:");
            etcd.client().getKVClient().put(bytes("/t/a"), bytes("1")).get(10, TimeUnit.SECONDS);

            etcd.stop();
            etcd.restart();

            assertThat(etcd.clientUrl()).isEqualTo(url);
            GetResponse got = etcd.client().getKVClient().get(bytes("/t/a")).get(30, TimeUnit.SECONDS);
            assertThat(got.getKvs()).singleElement()
                    .satisfies(kv -> assertThat(kv.getValue().toString(StandardCharsets.UTF_8)).isEqualTo("1"));
            assertThat(etcd.logFile()).isRegularFile();
            dataDir = etcd.logFile().getParent();
            assertThat(dataDir.resolve("data")).isDirectory();
        }
        assertThat(Files.exists(dataDir)).isFalse();
    }

    @Test
    void tlsWithLoginRefusesAnonymousClientsAndServesTheUser() throws Exception {
        try (EtcdProcess etcd = EtcdProcess.startWithTls("wayfinder", "s3cret")) {
            assertThat(etcd.clientUrl()).startsWith("https://127.0.0.1:");
            etcd.client().getKVClient().put(bytes("/t/tls"), bytes("ok")).get(10, TimeUnit.SECONDS);
            assertThat(etcd.client().getKVClient().get(bytes("/t/tls")).get(10, TimeUnit.SECONDS).getCount()).isEqualTo(1);

            try (Client anonymous = etcd.clientBuilder(false).build()) {
                assertThat(anonymous.getKVClient().get(bytes("/t/tls")))
                        .failsWithin(10, TimeUnit.SECONDS)
                        .withThrowableThat().withMessageContaining("permission denied");
            }
        }
    }
}
