package dev.wayfinder.provider.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wayfinder.model.Changes;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.model.skydns.SkyDnsKeys;
import dev.wayfinder.model.skydns.SkyDnsMapping;
import dev.wayfinder.provider.DomainFilter;
import dev.wayfinder.provider.etcd.testing.EtcdProcess;
import dev.wayfinder.provider.etcd.testing.EtcdTls;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EtcdConnectionTest {

    @TempDir
    Path dir;

    @Test
    void defaultsToLocalhostWithoutTlsOrLogin() {
        EtcdConnection c = EtcdConnection.fromEnvironment(Map.of());

        assertThat(c.endpoints()).containsExactly("http://localhost:2379");
        assertThat(c.usesTls()).isFalse();
        assertThat(c.username()).isEmpty();
        assertThat(c.validate()).isEmpty();
    }

    @Test
    void readsEveryExternalDnsVariable() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.crt"), "x");
        Path cert = Files.writeString(dir.resolve("c.crt"), "x");
        Path key = Files.writeString(dir.resolve("c.key"), "x");
        EtcdConnection c = EtcdConnection.fromEnvironment(Map.of(
                "ETCD_URLS", " https://a:2379, https://b:2379 ,",
                "ETCD_CA_FILE", ca.toString(), "ETCD_CERT_FILE", cert.toString(), "ETCD_KEY_FILE", key.toString(),
                "ETCD_TLS_SERVER_NAME", "etcd.internal", "ETCD_TLS_INSECURE", "YES",
                "ETCD_USERNAME", "dns", "ETCD_PASSWORD", " p w "));

        assertThat(c.endpoints()).containsExactly("https://a:2379", "https://b:2379");
        assertThat(c.usesTls()).isTrue();
        assertThat(c.caFile()).contains(ca);
        assertThat(c.tlsServerName()).contains("etcd.internal");
        assertThat(c.tlsInsecure()).isTrue();
        assertThat(c.password()).contains(" p w ");
        assertThat(c.validate()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"true,true", "1,true", "yes,true", "TRUE,true", "false,false", "0,false", "no,false", "maybe,false"})
    void insecureFlagAcceptsTheUsualWordsForTrue(String value, boolean expected) {
        assertThat(EtcdConnection.fromEnvironment(Map.of("ETCD_TLS_INSECURE", value)).tlsInsecure()).isEqualTo(expected);
    }

    @Test
    void reportsEveryViolationAtOnce() {
        Map<String, String> env = new HashMap<>();
        env.put("ETCD_URLS", "http://ok:2379,ftp://bad:21,https://mixed:2379,http://noport,http://h:2379/path");
        env.put("ETCD_CERT_FILE", dir.resolve("missing.crt").toString());
        env.put("ETCD_PASSWORD", "secret");

        List<String> problems = EtcdConnection.fromEnvironment(env).validate();

        assertThat(problems).containsExactlyInAnyOrder(
                "ETCD_URLS: 'ftp://bad:21' must start with http:// or https://",
                "ETCD_URLS: 'http://noport' has no port (etcd's client port is usually 2379)",
                "ETCD_URLS: 'http://h:2379/path' has a path; etcd endpoints are scheme://host:port",
                "ETCD_URLS: mixes http and https endpoints; the first (http://ok:2379) decides, so use http for all",
                "ETCD_KEY_FILE: missing; ETCD_CERT_FILE needs the matching private key",
                "ETCD_CERT_FILE: " + dir.resolve("missing.crt") + " does not exist or is not a file",
                "ETCD_CERT_FILE: set, but ETCD_URLS starts with http://ok:2379, which is not https, so it would be ignored",
                "ETCD_USERNAME: missing; ETCD_PASSWORD is set without a user name");
    }

    @Test
    void connectRefusesInvalidSettingsListingAllProblems() {
        EtcdConnection c = EtcdConnection.fromEnvironment(Map.of("ETCD_URLS", "unix:///x", "ETCD_KEY_FILE", "/nonexistent/k"));

        assertThatThrownBy(c::connect).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'unix:///x' must start with http:// or https://")
                .hasMessageContaining("ETCD_CERT_FILE: missing");
    }

    @Test
    void toStringRedactsThePassword() {
        EtcdConnection c = EtcdConnection.fromEnvironment(Map.of("ETCD_USERNAME", "dns", "ETCD_PASSWORD", "hunter2"));

        assertThat(c.toString()).contains("username=dns", "password=<redacted>").doesNotContain("hunter2");
    }

    @Test
    void severalEndpointsByHostNameWorkWhileOneIsDown() throws Exception {
        try (EtcdProcess etcd = EtcdProcess.start()) {
            String port = etcd.clientUrl().substring(etcd.clientUrl().lastIndexOf(':') + 1);
            try (java.net.ServerSocket unused = new java.net.ServerSocket(0)) {
                String dead = "http://127.0.0.1:" + unused.getLocalPort();
                EtcdConnection c = EtcdConnection.fromEnvironment(Map.of("ETCD_URLS", dead + ",http://localhost:" + port));
                assertThat(c.validate()).isEmpty();
                try (Client client = c.connect()) {
                    ByteSequence key = ByteSequence.from("/conn/multi", StandardCharsets.UTF_8);
                    client.getKVClient().put(key, ByteSequence.from("v", StandardCharsets.UTF_8)).get(20, TimeUnit.SECONDS);
                    assertThat(client.getKVClient().get(key).get(20, TimeUnit.SECONDS).getCount()).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void providerWorksOverTlsWithClientCertificateAndLogin() throws Exception {
        try (EtcdProcess etcd = EtcdProcess.startWithTls("wayfinder", "s3cret")) {
            EtcdTls tls = etcd.security().orElseThrow().tls();
            EtcdConnection c = new EtcdConnection(etcd.endpoints(), Optional.of(tls.caFile()),
                    Optional.of(tls.clientCertFile()), Optional.of(tls.clientKeyFile()), Optional.of(EtcdTls.SERVER_NAME),
                    false, Optional.of("wayfinder"), Optional.of("s3cret"));
            ByteSequence key = ByteSequence.from("/conn/test", StandardCharsets.UTF_8);
            try (Client client = c.connect();
                    EtcdProvider provider = new EtcdProvider(client, new SkyDnsMapping(SkyDnsKeys.defaults(), List.of(), 300),
                            DomainFilter.of("example.org"))) {
                client.getKVClient().put(key, ByteSequence.from("v", StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
                Endpoint www = new Endpoint(DnsName.of("www.example.org"), RecordType.A, List.of("192.0.2.1"), 60, "",
                        Metadata.owned("me", "service/default/web"));
                provider.apply(Changes.create(www));
                assertThat(provider.records()).containsExactly(www);
            }
            EtcdConnection wrongPassword = new EtcdConnection(c.endpoints(), c.caFile(), c.certFile(), c.keyFile(),
                    c.tlsServerName(), false, c.username(), Optional.of("wrong"));
            try (Client client = wrongPassword.connect()) {
                assertThat(client.getKVClient().get(key)).failsWithin(10, TimeUnit.SECONDS)
                        .withThrowableThat().withMessageContaining("UNAUTHENTICATED");
            }
        }
    }
}
