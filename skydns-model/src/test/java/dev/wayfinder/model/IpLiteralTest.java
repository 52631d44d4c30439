package dev.wayfinder.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go's {@code net.ParseIP} decides what CoreDNS serves as A, AAAA or a name; these cases pin it. */
class IpLiteralTest {

    @ParameterizedTest(name = "''{0}'' is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            1.2.3.4                 | A
            0.0.0.0                 | A
            255.255.255.255         | A
            10.0.0.1                | A
            ::ffff:1.2.3.4          | A
            ::FFFF:192.0.2.1        | A
            2001:db8::1             | AAAA
            2001:DB8::1             | AAAA
            ::1                     | AAAA
            ::                      | AAAA
            fe80::1                 | AAAA
            ::1.2.3.4               | AAAA
            1:2:3:4:5:6:7:8         | AAAA
            1:2:3:4:5:6:1.2.3.4     | AAAA
            0001:0db8::0001         | AAAA
            """)
    void addresses(String text, RecordType type) {
        assertThat(IpLiteral.addressType(text)).contains(type);
        assertThat(IpLiteral.isV4(text)).isEqualTo(type == RecordType.A);
        assertThat(IpLiteral.isV6(text)).isEqualTo(type == RecordType.AAAA);
    }

    @ParameterizedTest(name = "''{0}'' is a name")
    @CsvSource(delimiter = '|', textBlock = """
            010.0.0.1
            1.2.3.04
            1.2.3
            1.2.3.4.
            1.2.3.4.5
            256.1.1.1
            ' 1.2.3.4'
            '1.2.3.4 '
            fe80::1%eth0
            [::1]
            ::1.
            1::2::3
            1:2:3:4:5:6:7:8:9
            1:2:3:4:5:6:7:1.2.3.4
            00001::1
            ::10000
            ::ffff:01.2.3.4
            ::ffff:1.2.3
            .:1
            :1::2
            1.2.3.4/24
            0x7f.0.0.1
            localhost
            www.example.org
            g::1
            ''
            """)
    void notAddresses(String text) {
        assertThat(IpLiteral.parse(text)).isEmpty();
        assertThat(IpLiteral.addressType(text)).isEmpty();
        assertThat(IpLiteral.isV4(text)).isFalse();
        assertThat(IpLiteral.isV6(text)).isFalse();
    }

    @Test
    void nullIsNotAnAddress() {
        assertThat(IpLiteral.parse(null)).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            1.2.3.4                          | 1.2.3.4
            ::ffff:1.2.3.4                   | 1.2.3.4
            2001:DB8:0:0:0:0:0:1             | 2001:db8::1
            2001:db8:0:0:1:0:0:1             | 2001:db8::1:0:0:1
            2001:db8:0:1:0:0:0:1             | 2001:db8:0:1::1
            1:0:2:3:4:5:6:7                  | 1:0:2:3:4:5:6:7
            0:0:0:0:0:0:0:0                  | ::
            0:0:0:0:0:0:0:1                  | ::1
            1:0:0:0:0:0:0:0                  | 1::
            fe80:0000:0000:0000:0204:61ff:fe9d:f156 | fe80::204:61ff:fe9d:f156
            ::1.2.3.4                        | ::102:304
            """)
    void canonicalText(String text, String canonical) {
        InetAddress address = IpLiteral.parse(text).orElseThrow();
        assertThat(IpLiteral.canonical(address)).isEqualTo(canonical);
    }
}
