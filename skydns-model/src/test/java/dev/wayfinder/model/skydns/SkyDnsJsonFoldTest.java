package dev.wayfinder.model.skydns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Field names fold the way Go's {@code encoding/json} folds them: per rune, {@code ToUpper(ToLower(r))}. */
class SkyDnsJsonFoldTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // U+017F LATIN SMALL LETTER LONG S upper-cases to S
        "{\"ho\u017ft\":\"1.2.3.4\"}|1.2.3.4|10",
        // U+0130 LATIN CAPITAL LETTER I WITH DOT ABOVE lower-cases (simple mapping) to i
        "{\"host\":\"1.2.3.4\",\"PR\u0130OR\u0130TY\":20}|1.2.3.4|20",
        // U+0131 LATIN SMALL LETTER DOTLESS I upper-cases to I
        "{\"host\":\"1.2.3.4\",\"pr\u0131or\u0131ty\":30}|1.2.3.4|30",
        // an accented letter is not a letter of any field name
        "{\"host\":\"1.2.3.4\",\"pr\u00efor\u00efty\":40}|1.2.3.4|10"})
    void nonAsciiLettersFoldLikeGo(String json, String host, long priority) throws Exception {
        SkyDnsRecord r = SkyDnsJson.decode(json);

        assertThat(r.host()).isEqualTo(host);
        assertThat(r.priority() == 0 ? 10 : r.priority()).isEqualTo(priority);
    }
}
