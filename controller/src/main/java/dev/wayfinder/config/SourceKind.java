package dev.wayfinder.config;

import java.util.Locale;

/** The {@code --source} values this controller implements. */
public enum SourceKind {
    SERVICE, INGRESS, CRD, GSLB;

    public static SourceKind parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--source: unknown source '" + text + "' (expected service, ingress, crd or gslb)");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
