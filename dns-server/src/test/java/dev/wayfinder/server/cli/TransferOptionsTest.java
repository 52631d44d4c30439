package dev.wayfinder.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wayfinder.server.xfr.TransferConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The transfer options and CIDR zones of {@code wayfinder dns}, parsed and checked without starting anything. */
class TransferOptionsTest {

    private static DnsCommand parse(String... args) {
        DnsCommand c = new DnsCommand();
        new CommandLine(c).parseArgs(args);
        return c;
    }

    @Test
    void transfersAreOffByDefault() {
        assertThat(parse("--zone", "example.org").transferConfig(Map.of())).isEqualTo(TransferConfig.OFF);
    }

    @Test
    void allowListKeyAndSecondariesParse() throws Exception {
        TransferConfig c = parse("--zone", "example.org", "--axfr-allow", "10.0.0.0/8,192.0.2.7", "--tsig-key", "xfr:hmac-sha256:c2VjcmV0",
                "--notify", "10.1.2.3:53", "--notify", "[::1]:5353").transferConfig(Map.of());

        assertThat(c.enabled()).isTrue();
        assertThat(c.allows(InetAddress.getByName("10.9.9.9"))).isTrue();
        assertThat(c.allows(InetAddress.getByName("192.0.2.7"))).isTrue();
        assertThat(c.allows(InetAddress.getByName("192.0.2.8"))).isFalse();
        assertThat(c.key().orElseThrow().toString()).isEqualTo("xfr. (hmac-sha256)").doesNotContain("c2VjcmV0");
        assertThat(c.secondaries()).hasSize(2);
        assertThat(parse("--zone", "example.org").transferConfig(Map.of("WAYFINDER_TSIG_KEY", "k:hmac-sha512:c2VjcmV0")).enabled()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--axfr-allow|10.0.0.0/33|--axfr-allow",
            "--axfr-allow|example.org|--axfr-allow",
            "--tsig-key|justaname|--tsig-key",
            "--tsig-key|k:hmac-nothing:c2VjcmV0|hmac-nothing",
            "--tsig-key|k:hmac-sha256:!!!|not base64",
            "--notify|10.0.0.1|--notify"})
    void badValuesNameTheirOption(String option, String value, String message) {
        DnsCommand c = parse("--zone", "example.org", "--axfr-allow", "127.0.0.1", option, value);
        assertThatThrownBy(() -> c.transferConfig(Map.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void notifyWithoutTransfersIsAnError() {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new DnsCommand());
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("--zone", "example.org", "--listen", "127.0.0.1:0", "--notify", "127.0.0.1:53")).isEqualTo(2);
        assertThat(err.toString()).contains("--notify").contains("--axfr-allow");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Example.ORG|example.org.",
            "10.0.0.0/24|0.0.10.in-addr.arpa.",
            "10.0.0.0/23|0.0.10.in-addr.arpa.,1.0.10.in-addr.arpa.",
            "172.16.0.0/12|16.172.in-addr.arpa.,17.172.in-addr.arpa.,18.172.in-addr.arpa.,19.172.in-addr.arpa.,20.172.in-addr.arpa.,21.172.in-addr.arpa.,22.172.in-addr.arpa.,23.172.in-addr.arpa.,24.172.in-addr.arpa.,25.172.in-addr.arpa.,26.172.in-addr.arpa.,27.172.in-addr.arpa.,28.172.in-addr.arpa.,29.172.in-addr.arpa.,30.172.in-addr.arpa.,31.172.in-addr.arpa.",
            "10.1.2.3/32|3.2.1.10.in-addr.arpa.",
            "0.0.0.0/0|in-addr.arpa.",
            "2001:db8::/32|8.b.d.0.1.0.0.2.ip6.arpa.",
            "2001:db8::/31|8.b.d.0.1.0.0.2.ip6.arpa.,9.b.d.0.1.0.0.2.ip6.arpa."})
    void zonesAreNormalisedAndCidrBlocksBecomeReverseZones(String given, String expected) {
        assertThat(DnsCommand.zones(List.of(given))).containsExactly(expected.split(","));
    }

    @Test
    void aBadPrefixLengthNamesTheOption() {
        assertThatThrownBy(() -> DnsCommand.zones(List.of("10.0.0.0/33"))).hasMessageContaining("--zone").hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> DnsCommand.zones(List.of("10.0.0.0/x"))).hasMessageContaining("--zone");
        assertThat(DnsCommand.zones(List.of("10.0.0.0/9"))).as("a /9 is 128 /16 zones, as CoreDNS").hasSize(128);
    }
}
