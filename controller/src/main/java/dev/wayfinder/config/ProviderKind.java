package dev.wayfinder.config;

import java.util.Locale;

/**
 * The {@code --provider} values: SkyDNS in etcd for CoreDNS (ExternalDNS also calls it skydns), an
 * RFC 2136 server (BIND and others), or memory.
 */
public enum ProviderKind {
    COREDNS, RFC2136, INMEMORY;

    public static ProviderKind parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "coredns", "skydns" -> COREDNS;
            case "rfc2136" -> RFC2136;
            case "inmemory", "memory" -> INMEMORY;
            default -> throw new IllegalArgumentException("--provider: unknown or unsupported provider '" + text
                    + "' (this build supports coredns, rfc2136 and inmemory)");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
