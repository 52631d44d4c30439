package dev.wayfinder.server.xfr;

import java.util.Base64;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;

/**
 * A TSIG key given as {@code NAME:ALGORITHM:SECRET} (BIND's names, e.g. {@code xfr-key:hmac-sha256:BASE64}).
 * {@link #toString()} never shows the secret.
 */
public final class TsigKey {

    private final Name name;
    private final Name algorithm;
    private final String secret;

    private TsigKey(Name name, Name algorithm, String secret) {
        this.name = name;
        this.algorithm = algorithm;
        this.secret = secret;
    }

    public static TsigKey parse(String option, String text) {
        String[] parts = text.trim().split(":", 3);
        if (parts.length != 3 || parts[0].isEmpty() || parts[2].isEmpty()) {
            throw new IllegalArgumentException(option + ": expected NAME:ALGORITHM:SECRET (e.g. xfr-key:hmac-sha256:<base64>)");
        }
        Name name;
        try {
            name = Name.fromString(parts[0], Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(option + ": key name '" + parts[0] + "' is not a valid DNS name");
        }
        Name alg;
        try {
            alg = TSIG.algorithmToName(parts[1].toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": unknown TSIG algorithm '" + parts[1] + "' (use hmac-sha256, hmac-sha512, ...)");
        }
        try {
            if (Base64.getDecoder().decode(parts[2]).length == 0) {
                throw new IllegalArgumentException("empty");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": the secret of key '" + parts[0] + "' is not base64");
        }
        return new TsigKey(name, alg, parts[2]);
    }

    public Name name() {
        return name;
    }

    public Name algorithm() {
        return algorithm;
    }

    /** A signer/verifier for this key (dnsjava's TSIG keeps per-use state only in its arguments). */
    public TSIG tsig() {
        return new TSIG(algorithm, name, secret);
    }

    @Override
    public String toString() {
        return name + " (" + algorithm.toString(true) + ")";
    }
}
