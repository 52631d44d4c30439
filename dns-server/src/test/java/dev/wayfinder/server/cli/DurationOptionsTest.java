package dev.wayfinder.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CoreDNS's min-lease-ttl / max-lease-ttl values: seconds or Go durations, 0 meaning the default. */
class DurationOptionsTest {

    @ParameterizedTest(name = "''{0}'' is {1} s")
    @CsvSource(delimiter = '|', value = {
        "30      | 30",
        "30s     | 30",
        "5m      | 300",
        "2h30m   | 9000",
        "1h0m0s  | 3600",
        "1.5h    | 5400",
        "90000ms | 90",
        "+45s    | 45",
        "1m30.9s | 90",
        "' 2m '  | 120",
        "0       | 77",
        "0s      | 77",
        "''      | 77",
        "500ms   | 77",
    })
    void leaseTtlsParseLikeCoreDns(String text, long seconds) {
        assertThat(DurationOptions.seconds("--min-lease-ttl", text, 77)).isEqualTo(seconds);
    }

    @ParameterizedTest(name = "''{0}'' is refused")
    @CsvSource(delimiter = '|', value = {
        "-5s      | negative",
        "-30      | negative",
        "1y       | unknown unit 'y'",
        "10 s     | not a duration",
        "abc      | not a duration",
        "5m30     | not a duration",
        "s        | not a duration",
        "1.2.3s   | not a duration",
        "2000000h | longer than",
    })
    void badLeaseTtlsNameTheOption(String text, String why) {
        assertThatThrownBy(() -> DurationOptions.seconds("--max-lease-ttl", text, 77))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--max-lease-ttl: ")
                .hasMessageContaining(why);
    }
}
