package dev.wayfinder.config;

import java.util.Locale;

/** The {@code --provider} values: SkyDNS in etcd for CoreDNS (ExternalDNS also calls it skydns), or memory. */
public enum ProviderKind {
    COREDNS, INMEMORY;

    public static ProviderKind parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "coredns", "skydns" -> COREDNS;
            case "inmemory", "memory" -> INMEMORY;
            default -> throw new IllegalArgumentException("--provider: unknown or unsupported provider '" + text
                    + "' (this build supports coredns and inmemory)");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
