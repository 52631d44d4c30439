package dev.wayfinder.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SelectorTest {

    static final Map<String, String> LABELS = Map.of("app", "web", "tier", "front", "external-dns.alpha.kubernetes.io/hostname", "x");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|true", "app=web|true", "app==web|true", "app=api|false", "app!=api|true", "tier|true", "!tier|false", "missing|false",
        "!missing|true", "app in (web, api)|true", "app notin (web)|false", "missing notin (x)|true", "missing in (x)|false", "app=web,tier=front|true", "app=web,tier=back|false",
        "external-dns.alpha.kubernetes.io/hostname|true"})
    void matches(String selector, boolean expected) {
        assertThat(Selector.parse(selector).test(LABELS)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"a=b=c", "a in b", "(x)"})
    void rejectsNonsense(String selector) {
        assertThatThrownBy(() -> Selector.parse(selector)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(selector);
    }
}
