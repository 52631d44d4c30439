package dev.wayfinder.provider.rfc2136;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wayfinder.provider.DomainFilter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Rfc2136ConfigTest {

    private static final String SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I=";

    private static Rfc2136Config.Builder valid() {
        return Rfc2136Config.builder().host("ns1.example.org").zone("example.org")
                .tsigKeyname("wayfinder").tsigSecret(SECRET).tsigSecretAlg("hmac-sha512");
    }

    @Test
    void aValidConfigHasNoViolations() {
        assertThat(valid().build().validate()).isEmpty();
        assertThat(valid().insecure(true).tsigSecret("").tsigKeyname("").build().validate()).isEmpty();
    }

    @Test
    void everyViolationIsListedNamingItsFlag() {
        Rfc2136Config c = Rfc2136Config.builder().hosts(List.of()).port(0).zones(List.of())
                .tsigKeyname("").tsigSecret("not base64!").tsigSecretAlg("hmac-md5")
                .minTtl(Duration.ofSeconds(-1)).batchChangeSize(0).timeout(Duration.ZERO).attempts(0).build();

        assertThat(c.validate()).hasSize(10).anySatisfy(v -> assertThat(v).startsWith("--rfc2136-host"))
                .anySatisfy(v -> assertThat(v).startsWith("--rfc2136-port"))
                .anySatisfy(v -> assertThat(v).startsWith("--rfc2136-zone"))
                .anySatisfy(v -> assertThat(v).startsWith("--rfc2136-tsig-keyname"))
                .anySatisfy(v -> assertThat(v).startsWith("--rfc2136-tsig-secret:").contains("not valid base64").doesNotContain("not base64!"))
                .anySatisfy(v -> assertThat(v).startsWith("--rfc2136-tsig-secret-alg").contains("hmac-sha512"))
                .anySatisfy(v -> assertThat(v).startsWith("--rfc2136-min-ttl"))
                .anySatisfy(v -> assertThat(v).startsWith("--rfc2136-batch-change-size"));
    }

    @Test
    void gssTsigNeedsKerberosCredentialsInsteadOfAKey() {
        Rfc2136Config.Builder gss = Rfc2136Config.builder().host("dc1.ad.example.org").zone("example.org").gssTsig(true);

        assertThat(gss.build().validate()).containsExactlyInAnyOrder(
                "--rfc2136-kerberos-username: required with --rfc2136-gss-tsig",
                "--rfc2136-kerberos-password: required with --rfc2136-gss-tsig",
                "--rfc2136-kerberos-realm: required with --rfc2136-gss-tsig unless the username is user@REALM");
        Rfc2136Config ok = gss.kerberosUsername("wayfinder").kerberosPassword("pw").kerberosRealm("ad.example.org").build();
        assertThat(ok.validate()).isEmpty();
        assertThat(ok.kerberosPrincipal()).isEqualTo("wayfinder@AD.EXAMPLE.ORG");
        assertThat(ok.keyDescription()).isEqualTo("GSS-TSIG as wayfinder@AD.EXAMPLE.ORG");
        assertThat(ok.toString()).contains("kerberosPassword=<redacted>").doesNotContain("pw,");
    }

    @Test
    void toStringRedactsTheSecret() {
        assertThat(valid().build().toString()).doesNotContain(SECRET).contains("tsigSecret=<redacted>").contains("wayfinder");
    }

    @Test
    void theProviderRefusesAnInvalidConfigWithEveryViolation() {
        assertThatThrownBy(() -> new Rfc2136Provider(valid().zones(List.of()).batchChangeSize(0).build(), DomainFilter.ALL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--rfc2136-zone").hasMessageContaining("--rfc2136-batch-change-size");
    }

    @ParameterizedTest
    @CsvSource({"ns1.example.org, ns1.example.org, 53", "10.0.0.1:5353, 10.0.0.1, 5353", "[2001:db8::1]:54, 2001:db8::1, 54",
            "2001:db8::1, 2001:db8::1, 53"})
    void hostsWithAndWithoutPorts(String host, String address, int port) {
        InetSocketAddress a = Rfc2136Config.parseHost(host, 53);
        assertThat(a.getHostString()).isEqualTo(address);
        assertThat(a.getPort()).isEqualTo(port);
    }

    @ParameterizedTest
    @CsvSource({"hmac-sha256, HMAC_SHA256", "HMAC-SHA512., HMAC_SHA512", "hmac-sha1, HMAC_SHA1"})
    void algorithmsParseAsBindAndExternalDnsWriteThem(String text, TsigAlgorithm expected) {
        assertThat(TsigAlgorithm.parse(text)).isEqualTo(expected);
    }
}
