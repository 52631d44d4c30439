package dev.wayfinder.provider.rfc2136;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/** The TSIG HMAC algorithms ExternalDNS's {@code --rfc2136-tsig-secret-alg} accepts (MD5 is not offered). */
public enum TsigAlgorithm {
    HMAC_SHA1("hmac-sha1", TSIG.HMAC_SHA1),
    HMAC_SHA224("hmac-sha224", TSIG.HMAC_SHA224),
    HMAC_SHA256("hmac-sha256", TSIG.HMAC_SHA256),
    HMAC_SHA384("hmac-sha384", TSIG.HMAC_SHA384),
    HMAC_SHA512("hmac-sha512", TSIG.HMAC_SHA512);

    private final String text;
    private final Name dnsName;

    TsigAlgorithm(String text, Name dnsName) {
        this.text = text;
        this.dnsName = dnsName;
    }

    /** Parses {@code hmac-sha256}, {@code HMAC-SHA256.} and the like; the message lists what is accepted. */
    public static TsigAlgorithm parse(String input) {
        String s = input == null ? "" : input.trim().toLowerCase(Locale.ROOT);
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        for (TsigAlgorithm a : values()) {
            if (a.text.equals(s)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown TSIG algorithm '" + input + "' (expected one of "
                + Arrays.stream(values()).map(TsigAlgorithm::text).collect(Collectors.joining(", ")) + ")");
    }

    /** The name BIND's {@code algorithm} statement and ExternalDNS's flag use. */
    public String text() {
        return text;
    }

    Name dnsName() {
        return dnsName;
    }

    @Override
    public String toString() {
        return text;
    }
}
