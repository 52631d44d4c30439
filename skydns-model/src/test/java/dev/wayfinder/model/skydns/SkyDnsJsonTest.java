package dev.wayfinder.model.skydns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The decoding rules of coredns-etcd-plugin.md §4 (Go's encoding/json into msg.Service), and what Wayfinder writes. */
class SkyDnsJsonTest {

    private static SkyDnsRecord decode(String json) throws SkyDnsFormatException {
        return SkyDnsJson.decode(json);
    }

    @Test
    void decodesEveryCoreDnsField() throws Exception {
        SkyDnsRecord r = decode("""
                {"host":"web.example.org","port":8080,"priority":20,"weight":5,"text":"t","mail":true,
                 "ttl":60,"targetstrip":1,"group":"g1"}""");

        assertThat(r).isEqualTo(SkyDnsRecord.builder().host("web.example.org").port(8080).priority(20).weight(5).text("t")
                .mail(true).ttl(60).targetstrip(1).group("g1").build());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"HOST\":\"1.2.3.4\",\"Ttl\":42}",
            "{\"Host\":\"1.2.3.4\",\"TTL\":42}",
            "{\"hOsT\":\"1.2.3.4\",\"tTl\":42}"})
    void fieldNamesMatchCaseInsensitively(String json) throws Exception {
        SkyDnsRecord r = decode(json);
        assertThat(r.host()).isEqualTo("1.2.3.4");
        assertThat(r.ttl()).isEqualTo(42);
    }

    @Test
    void unknownFieldsAreIgnoredWhateverTheirValue() throws Exception {
        SkyDnsRecord r = decode("""
                {"host":"1.2.3.4","labels":{"a":[1,2,{"b":null}]},"x":"y","n":1.5,"key":"/skydns/x","host2":true}""");
        assertThat(r).isEqualTo(SkyDnsRecord.builder().host("1.2.3.4").build());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"host":"a","host":"b"}               | b | 0
            {"host":"a","HOST":"b"}               | b | 0
            {"ttl":1,"ttl":2}                     |   | 2
            {"host":"a","host":null}              | a | 0
            {"ttl":5,"ttl":null}                  |   | 5
            """)
    void theLastDuplicateWinsAndNullLeavesAFieldAsItWas(String json, String host, long ttl) throws Exception {
        SkyDnsRecord r = decode(json);
        assertThat(r.host()).isEqualTo(host == null ? "" : host);
        assertThat(r.ttl()).isEqualTo(ttl);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"null", "{}", " { } ", "\n{}\n", "{\"host\":null,\"text\":null,\"mail\":null,\"port\":null}"})
    void nullAndEmptyObjectsGiveAnEmptyRecord(String json) throws Exception {
        assertThat(decode(json)).isEqualTo(SkyDnsRecord.EMPTY);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"port":"80"}                 | field 'port': a string where an integer is expected
            {"priority":"10"}             | field 'priority': a string where an integer is expected
            {"weight":1.5}                | field 'weight': a fractional number where an integer is expected
            {"port":1e2}                  | field 'port': a fractional number where an integer is expected
            {"port":80.0}                 | field 'port': a fractional number where an integer is expected
            {"targetstrip":true}          | field 'targetstrip': a boolean where an integer is expected
            {"port":9223372036854775808}  | overflows a 64-bit integer
            {"ttl":-1}                    | field 'ttl': an integer where an unsigned 32-bit integer is expected
            {"ttl":-0}                    | field 'ttl': an integer where an unsigned 32-bit integer is expected
            {"ttl":4294967296}            | field 'ttl': 4294967296 overflows an unsigned 32-bit integer
            {"ttl":"300"}                 | field 'ttl': a string where an unsigned 32-bit integer is expected
            {"ttl":1.5}                   | field 'ttl': a fractional number where an unsigned 32-bit integer is expected
            {"mail":"true"}               | field 'mail': a string where a boolean is expected
            {"mail":1}                    | field 'mail': an integer where a boolean is expected
            {"host":5}                    | field 'host': an integer where a string is expected
            {"text":["a"]}                | field 'text': an array where a string is expected
            {"group":{}}                  | field 'group': an object where a string is expected
            {"host":"a"} x                | invalid JSON
            {"host":"a"}{}                | unexpected an object after the object
            {"host":"a"} null             | unexpected null after the object
            {"host":"a"                   | invalid JSON
            {"host":"a",}                 | invalid JSON
            {host:"a"}                    | invalid JSON
            {"port":01}                   | invalid JSON
            {"port":NaN}                  | invalid JSON
            "1.2.3.4"                     | cannot decode a string into a SkyDNS record
            [{"host":"a"}]                | cannot decode an array into a SkyDNS record
            42                            | cannot decode an integer into a SkyDNS record
            true                          | cannot decode a boolean into a SkyDNS record
            """)
    void typeErrorsAndGarbageAreFormatErrorsSayingWhat(String json, String message) {
        assertThatThrownBy(() -> decode(json)).isInstanceOf(SkyDnsFormatException.class).hasMessageContaining(message);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "   ", "\n"})
    void anEmptyValueIsAFormatError(String json) {
        assertThatThrownBy(() -> decode(json)).isInstanceOf(SkyDnsFormatException.class).hasMessageContaining("empty value");
    }

    @Test
    void integerLimits() throws Exception {
        assertThat(decode("{\"ttl\":4294967295}").ttl()).isEqualTo(4294967295L);
        assertThat(decode("{\"ttl\":0}").ttl()).isZero();
        assertThat(decode("{\"port\":-1}").port()).isEqualTo(-1);
        assertThat(decode("{\"port\":65616}").port()).isEqualTo(65616);
        assertThat(decode("{\"priority\":-9223372036854775808}").priority()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void stringsKeepEscapesAndQuotes() throws Exception {
        SkyDnsRecord r = decode("{\"text\":\"\\\"heritage=external-dns,external-dns/owner=default\\\"\",\"host\":\"caf\\u00e9\"}");
        assertThat(r.text()).isEqualTo("\"heritage=external-dns,external-dns/owner=default\"");
        assertThat(r.host()).isEqualTo("café");
    }

    @Test
    void bytesLikeGo() throws Exception {
        byte[] invalidUtf8 = {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', 'a', (byte) 0xff, '"', '}'};
        assertThat(SkyDnsJson.decode(invalidUtf8).text()).as("Go replaces invalid UTF-8 with U+FFFD").isEqualTo("a\uFFFD");

        byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '{', '}'};
        assertThatThrownBy(() -> SkyDnsJson.decode(bom)).isInstanceOf(SkyDnsFormatException.class).hasMessageContaining("byte-order mark");

        assertThat(SkyDnsJson.decode("{\"host\":\"ü\"}".getBytes(StandardCharsets.UTF_8)).host()).isEqualTo("ü");
    }

    /** Go's utf8.DecodeRune takes a cut-short sequence one byte at a time: a U+FFFD for each (Java's decoder makes one for all). */
    @ParameterizedTest
    @CsvSource({"e2 82 78, \uFFFD\uFFFDx", "61 c3, a\uFFFD", "f0 9f 98 80, \uD83D\uDE00", "ed a0 80, \uFFFD\uFFFD\uFFFD",
            "c0 af, \uFFFD\uFFFD", "f4 90 80 80, \uFFFD\uFFFD\uFFFD\uFFFD", "e0 9f bf, \uFFFD\uFFFD\uFFFD", "c3 a9, \u00e9"})
    void invalidUtf8IsReadByteByByteAsGoReadsIt(String hex, String expected) throws Exception {
        java.io.ByteArrayOutputStream json = new java.io.ByteArrayOutputStream();
        json.writeBytes("{\"text\":\"".getBytes(StandardCharsets.UTF_8));
        for (String h : hex.split(" ")) {
            json.write(Integer.parseInt(h, 16));
        }
        json.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(SkyDnsJson.decode(json.toByteArray()).text()).isEqualTo(unescape(expected));
    }

    /** Go's decoder turns a \\u escape of a surrogate without its partner into U+FFFD; a proper pair stays one character. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"\\ud800|\uFFFD", "\\udc00x|\uFFFDx", "\\ud83d\\ude00|\uD83D\uDE00", "a\\ud800\\u0041|a\uFFFDA"})
    void unpairedSurrogateEscapesBecomeTheReplacementCharacter(String escaped, String expected) throws Exception {
        assertThat(decode("{\"text\":\"" + escaped + "\",\"host\":\"" + escaped + "\"}").text()).isEqualTo(unescape(expected));
    }

    private static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (s.startsWith("\\u", i)) {
                sb.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                sb.append(s.charAt(i));
            }
        }
        return sb.toString();
    }

    @Test
    void wayfinderFieldsAreReadCaseInsensitively() throws Exception {
        SkyDnsRecord r = decode("""
                {"host":"1.2.3.4","owner":"me","Resource":"service/default/web","SETIDENTIFIER":"eu","geotag":"eu-west","lbweight":7,
                 "LBStrategy":"weightRoundRobin"}""");
        assertThat(r.owner()).isEqualTo("me");
        assertThat(r.resource()).isEqualTo("service/default/web");
        assertThat(r.setIdentifier()).isEqualTo("eu");
        assertThat(r.geoTag()).isEqualTo("eu-west");
        assertThat(r.lbWeight()).hasValue(7);
        assertThat(r.lbStrategy()).isEqualTo("weightRoundRobin");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"host\":\"1.2.3.4\",\"owner\":5,\"resource\":[\"x\"],\"setIdentifier\":{\"a\":1},\"geoTag\":true,\"lbWeight\":\"3\",\"lbStrategy\":2}",
            "{\"host\":\"1.2.3.4\",\"owner\":null,\"resource\":null,\"setIdentifier\":null,\"geoTag\":null,\"lbWeight\":null}",
            "{\"host\":\"1.2.3.4\",\"lbWeight\":-1}",
            "{\"host\":\"1.2.3.4\",\"lbWeight\":1.5}",
            "{\"host\":\"1.2.3.4\",\"lbWeight\":3000000000}"})
    void malformedWayfinderFieldsAreSimplyAbsent(String json) throws Exception {
        // CoreDNS ignores these fields, so a bad one must not make the value unreadable for us either.
        assertThat(decode(json)).isEqualTo(SkyDnsRecord.builder().host("1.2.3.4").build());
    }

    @Test
    void encodesInAFixedOrderLeavingOutEmptyFields() {
        SkyDnsRecord all = SkyDnsRecord.builder().host("mx.example.org").port(25).priority(10).weight(5).text("t").mail(true)
                .ttl(60).targetstrip(1).group("g").owner("me").resource("service/default/web").setIdentifier("eu")
                .geoTag("eu-west").lbWeight(OptionalInt.of(3)).lbStrategy("weightRoundRobin").build();

        assertThat(SkyDnsJson.encode(all)).isEqualTo("{\"host\":\"mx.example.org\",\"port\":25,\"priority\":10,\"weight\":5,"
                + "\"text\":\"t\",\"mail\":true,\"ttl\":60,\"targetstrip\":1,\"group\":\"g\",\"owner\":\"me\","
                + "\"resource\":\"service/default/web\",\"setIdentifier\":\"eu\",\"geoTag\":\"eu-west\",\"lbWeight\":3,"
                + "\"lbStrategy\":\"weightRoundRobin\"}");
        assertThat(SkyDnsJson.encode(SkyDnsRecord.builder().host("1.2.3.4").ttl(300).build()))
                .isEqualTo("{\"host\":\"1.2.3.4\",\"ttl\":300}");
    }

    @Test
    void ttlIsAlwaysWrittenEvenWhenZero() {
        assertThat(SkyDnsJson.encode(SkyDnsRecord.EMPTY)).isEqualTo("{\"ttl\":0}");
        assertThat(SkyDnsJson.encode(SkyDnsRecord.builder().text("x").lbWeight(OptionalInt.of(0)).build()))
                .isEqualTo("{\"text\":\"x\",\"ttl\":0,\"lbWeight\":0}");
    }

    @Test
    void encodingEscapesWhatJsonRequires() throws Exception {
        SkyDnsRecord r = SkyDnsRecord.builder().text("say \"hi\"\\\n\u0001é").ttl(1).build();
        String json = SkyDnsJson.encode(r);
        assertThat(json).isEqualTo("{\"text\":\"say \\\"hi\\\"\\\\\\n\\u0001é\",\"ttl\":1}");
        assertThat(decode(json)).isEqualTo(r);
    }

    @Test
    void encodeThenDecodeIsTheIdentity() throws Exception {
        SkyDnsRecord r = SkyDnsRecord.builder().host("web.example.org").port(443).priority(1).weight(2).mail(true).ttl(4294967295L)
                .targetstrip(2).group("g").owner("o").resource("r").setIdentifier("s").geoTag("gt").lbWeight(OptionalInt.of(9)).build();
        assertThat(decode(SkyDnsJson.encode(r))).isEqualTo(r);
        assertThat(SkyDnsJson.encode(r)).isEqualTo(new SkyDnsEntry("/skydns/org/example/web", r).json());
    }
}
