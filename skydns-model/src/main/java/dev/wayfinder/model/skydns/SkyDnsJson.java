package dev.wayfinder.model.skydns;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * The SkyDNS JSON codec.
 *
 * <p>Decoding copies Go's {@code encoding/json} into CoreDNS's {@code msg.Service}: field names
 * match case-insensitively, the last duplicate wins, unknown fields are ignored, {@code null}
 * leaves a field unset, and a wrong type, a fraction for an integer, a negative or oversized
 * {@code ttl}, or trailing garbage is an error — the value CoreDNS would answer SERVFAIL for.
 * Wayfinder's own extra fields are read leniently: CoreDNS ignores them, so must we when they
 * are malformed.
 *
 * <p>Encoding writes the fields CoreDNS serves in a fixed order, leaves out empty ones, and always
 * writes {@code ttl}, because 0 would mean CoreDNS's default of 300.
 */
public final class SkyDnsJson {

    /** Duplicate detection stays off: Go accepts duplicates and the last one wins. */
    private static final JsonFactory FACTORY = new JsonFactory();

    private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger INT64_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final long UINT32_MAX = 0xffff_ffffL;

    private SkyDnsJson() {
    }

    /**
     * Decodes raw bytes as etcd holds them. Like Go, invalid UTF-8 inside strings becomes U+FFFD
     * (one for every byte that starts no valid sequence, as Go counts them) rather than an error, and
     * a byte-order mark is an error rather than skipped.
     */
    public static SkyDnsRecord decode(byte[] json) throws SkyDnsFormatException {
        if (json.length >= 3 && (json[0] & 0xff) == 0xef && (json[1] & 0xff) == 0xbb && (json[2] & 0xff) == 0xbf) {
            throw new SkyDnsFormatException("invalid JSON: the value starts with a byte-order mark");
        }
        return decode(goUtf8(json));
    }

    /**
     * Go's reading of bytes as UTF-8 ({@code utf8.DecodeRune}): each well-formed sequence is its
     * character, and each byte that does not start one is U+FFFD on its own (Java's decoder would
     * replace a truncated sequence with a single U+FFFD instead).
     */
    static String goUtf8(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length);
        int i = 0;
        while (i < b.length) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                sb.append((char) c);
                i++;
                continue;
            }
            int n = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
            int lo = c == 0xe0 ? 0xa0 : c == 0xf0 ? 0x90 : 0x80;
            int hi = c == 0xed ? 0x9f : c == 0xf4 ? 0x8f : 0xbf;
            int cp = n == 1 ? c & 0x1f : n == 2 ? c & 0x0f : c & 0x07;
            boolean ok = n > 0;
            for (int k = 1; ok && k <= n; k++) {
                if (i + k >= b.length) {
                    ok = false;
                    break;
                }
                int cc = b[i + k] & 0xff;
                if (cc < (k == 1 ? lo : 0x80) || cc > (k == 1 ? hi : 0xbf)) {
                    ok = false;
                    break;
                }
                cp = (cp << 6) | (cc & 0x3f);
            }
            if (ok) {
                sb.appendCodePoint(cp);
                i += n + 1;
            } else {
                sb.append('\uFFFD');
                i++;
            }
        }
        return sb.toString();
    }

    /** Go's decoding of JSON escapes: a UTF-16 surrogate escape without its partner becomes U+FFFD. */
    static String goSurrogates(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean lone = Character.isHighSurrogate(c) ? i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))
                    : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
            if (lone && sb == null) {
                sb = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (sb != null) {
                sb.append(lone ? '\uFFFD' : c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    public static SkyDnsRecord decode(String json) throws SkyDnsFormatException {
        if (!json.isEmpty() && json.charAt(0) == '\uFEFF') {
            throw new SkyDnsFormatException("invalid JSON: the value starts with a byte-order mark");
        }
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new SkyDnsFormatException("empty value");
            }
            SkyDnsRecord record;
            if (first == JsonToken.VALUE_NULL) {
                record = SkyDnsRecord.EMPTY;
            } else if (first == JsonToken.START_OBJECT) {
                record = readObject(p);
            } else {
                throw new SkyDnsFormatException("cannot decode " + describe(first) + " into a SkyDNS record (an object is expected)");
            }
            JsonToken trailing = p.nextToken();
            if (trailing != null) {
                throw new SkyDnsFormatException("unexpected " + describe(trailing) + " after the object");
            }
            return record;
        } catch (JsonProcessingException e) {
            throw new SkyDnsFormatException("invalid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SkyDnsRecord readObject(JsonParser p) throws IOException, SkyDnsFormatException {
        SkyDnsRecord.Builder b = SkyDnsRecord.builder();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (!readField(b, fold(field), value, p)) {
                p.skipChildren();
            }
        }
        return b.build();
    }

    /**
     * The lower-case form a field name is matched by, folded as Go's {@code encoding/json} folds
     * names (each rune to {@code ToUpper(ToLower(r))}), so that e.g. {@code "HOST"}, {@code "ho\u017ft"}
     * (long s) and {@code "PR\u0130OR\u0130TY"} (dotted capital I) all name a field, as they do for CoreDNS.
     */
    static String fold(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        name.codePoints().forEach(cp -> {
            int f = Character.toUpperCase(Character.toLowerCase(cp));
            sb.appendCodePoint(f >= 'A' && f <= 'Z' ? f + ('a' - 'A') : f);
        });
        return sb.toString();
    }

    /** Applies one field; false when the field is not one CoreDNS knows (the caller skips it). */
    private static boolean readField(SkyDnsRecord.Builder b, String field, JsonToken v, JsonParser p)
            throws IOException, SkyDnsFormatException {
        boolean isNull = v == JsonToken.VALUE_NULL;
        switch (field) {
            case "host" -> { if (!isNull) b.host(string(field, v, p)); }
            case "text" -> { if (!isNull) b.text(string(field, v, p)); }
            case "group" -> { if (!isNull) b.group(string(field, v, p)); }
            case "port" -> { if (!isNull) b.port(int64(field, v, p)); }
            case "priority" -> { if (!isNull) b.priority(int64(field, v, p)); }
            case "weight" -> { if (!isNull) b.weight(int64(field, v, p)); }
            case "targetstrip" -> { if (!isNull) b.targetstrip(int64(field, v, p)); }
            case "ttl" -> { if (!isNull) b.ttl(uint32(field, v, p)); }
            case "mail" -> {
                if (v == JsonToken.VALUE_TRUE || v == JsonToken.VALUE_FALSE) {
                    b.mail(v == JsonToken.VALUE_TRUE);
                } else if (!isNull) {
                    throw typeError(field, v, "a boolean");
                }
            }
            // Wayfinder's fields: CoreDNS ignores them, so a malformed one is simply absent.
            case "owner" -> b.owner(lenientString(v, p));
            case "resource" -> b.resource(lenientString(v, p));
            case "setidentifier" -> b.setIdentifier(lenientString(v, p));
            case "geotag" -> b.geoTag(lenientString(v, p));
            case "lbweight" -> b.lbWeight(lenientWeight(v, p));
            case "lbstrategy" -> b.lbStrategy(lenientString(v, p));
            default -> {
                return false;
            }
        }
        return true;
    }

    private static String string(String field, JsonToken v, JsonParser p) throws IOException, SkyDnsFormatException {
        if (v != JsonToken.VALUE_STRING) {
            throw typeError(field, v, "a string");
        }
        return goSurrogates(p.getText());
    }

    private static long int64(String field, JsonToken v, JsonParser p) throws IOException, SkyDnsFormatException {
        if (v != JsonToken.VALUE_NUMBER_INT) {
            throw typeError(field, v, "an integer");
        }
        BigInteger n = p.getBigIntegerValue();
        if (n.compareTo(INT64_MIN) < 0 || n.compareTo(INT64_MAX) > 0) {
            throw new SkyDnsFormatException("field '" + field + "': " + n + " overflows a 64-bit integer");
        }
        return n.longValue();
    }

    private static long uint32(String field, JsonToken v, JsonParser p) throws IOException, SkyDnsFormatException {
        if (v != JsonToken.VALUE_NUMBER_INT || p.getText().startsWith("-")) {
            throw typeError(field, v, "an unsigned 32-bit integer");
        }
        BigInteger n = p.getBigIntegerValue();
        if (n.compareTo(BigInteger.valueOf(UINT32_MAX)) > 0) {
            throw new SkyDnsFormatException("field '" + field + "': " + n + " overflows an unsigned 32-bit integer");
        }
        return n.longValue();
    }

    private static String lenientString(JsonToken v, JsonParser p) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return "";
    }

    private static OptionalInt lenientWeight(JsonToken v, JsonParser p) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_INT) {
            BigInteger n = p.getBigIntegerValue();
            if (n.signum() >= 0 && n.bitLength() < 31) {
                return OptionalInt.of(n.intValue());
            }
        }
        p.skipChildren();
        return OptionalInt.empty();
    }

    private static SkyDnsFormatException typeError(String field, JsonToken v, String expected) {
        return new SkyDnsFormatException("field '" + field + "': " + describe(v) + " where " + expected + " is expected");
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a fractional number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.name().toLowerCase(Locale.ROOT);
        };
    }

    /** The JSON Wayfinder writes: CoreDNS's fields in a fixed order, empty ones left out, {@code ttl} always. */
    public static String encode(SkyDnsRecord r) {
        StringWriter out = new StringWriter(96);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            writeIfSet(g, "host", r.host());
            writeIfSet(g, "port", r.port());
            writeIfSet(g, "priority", r.priority());
            writeIfSet(g, "weight", r.weight());
            writeIfSet(g, "text", r.text());
            if (r.mail()) {
                g.writeBooleanField("mail", true);
            }
            g.writeNumberField("ttl", r.ttl());
            writeIfSet(g, "targetstrip", r.targetstrip());
            writeIfSet(g, "group", r.group());
            writeIfSet(g, "owner", r.owner());
            writeIfSet(g, "resource", r.resource());
            writeIfSet(g, "setIdentifier", r.setIdentifier());
            writeIfSet(g, "geoTag", r.geoTag());
            if (r.lbWeight().isPresent()) {
                g.writeNumberField("lbWeight", r.lbWeight().getAsInt());
            }
            writeIfSet(g, "lbStrategy", r.lbStrategy());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeIfSet(JsonGenerator g, String field, String value) throws IOException {
        if (!value.isEmpty()) {
            g.writeStringField(field, value);
        }
    }

    private static void writeIfSet(JsonGenerator g, String field, long value) throws IOException {
        if (value != 0) {
            g.writeNumberField(field, value);
        }
    }
}
