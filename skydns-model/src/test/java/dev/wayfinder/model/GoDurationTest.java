package dev.wayfinder.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({"30s, 30000", "1m, 60000", "1h30m, 5400000", "500ms, 500", "2h0m5s, 7205000", "' 10m ', 600000", "1.5h, 5400000",
        "+45s, 45000", "1m30.9s, 90900", "2000us, 2", "0, 0"})
    void parsesWholeUnits(String text, long millis) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "''{0}'' is refused")
    @ValueSource(strings = {"", "30", "1y", "-5s", "s", "10 s", "5m30", "1.2.3s", "99999999999999999999s"})
    void refusesAnythingElseNamingTheInput(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + text + "'");
    }
}
