package dev.wayfinder.model;

import java.util.Locale;

/** The record types Wayfinder manages. */
public enum RecordType {
    A, AAAA, CNAME, TXT, SRV, MX, PTR, NS;

    /** Case-insensitive parse; the message lists the accepted types. */
    public static RecordType parse(String text) {
        if (text != null) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException ignored) {
                // fall through to the descriptive error
            }
        }
        throw new IllegalArgumentException("unknown record type '" + text + "' (expected one of A, AAAA, CNAME, TXT, SRV, MX, PTR, NS)");
    }

    /** True for the types whose targets are IP addresses. */
    public boolean isAddress() {
        return this == A || this == AAAA;
    }
}
