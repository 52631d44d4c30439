package dev.wayfinder.registry;

import dev.wayfinder.model.txt.TxtNames;
import java.util.Locale;
import java.util.Objects;

/**
 * ExternalDNS's registry flags, with its defaults and meaning: {@code --registry} ({@code txt}:
 * ownership records in ExternalDNS's TXT format; {@code noop}: none, every unowned A/AAAA/CNAME is
 * this controller's), {@code --txt-prefix}, {@code --txt-suffix}, {@code --txt-wildcard-replacement}
 * ({@link TxtNames}) and {@code --coredns-strictly-owned} (values of other owners, and values of no
 * owner that no ownership record of this one claims, are not seen at all: several owners share names).
 */
public record RegistrySettings(Kind kind, TxtNames names, boolean strictlyOwned) {

    /** {@code --registry}. */
    public enum Kind {
        TXT, NOOP;

        /** ExternalDNS's spelling; the other registries ExternalDNS has (aws-sd, dynamodb, crd) are refused with the reason. */
        public static Kind parse(String text) {
            String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
            return switch (t) {
                case "txt" -> TXT;
                case "noop" -> NOOP;
                case "aws-sd", "dynamodb", "crd" -> throw new IllegalArgumentException("'" + t + "' keeps ownership in a store of another"
                        + " provider (AWS Cloud Map, DynamoDB, DNSRecord objects), which Wayfinder does not use; use txt or noop");
                default -> throw new IllegalArgumentException("unknown registry '" + text + "' (expected txt or noop)");
            };
        }
    }

    /** ExternalDNS's defaults: {@code --registry=txt}, no affixes, not strictly owned. */
    public static final RegistrySettings DEFAULTS = new RegistrySettings(Kind.TXT, TxtNames.DEFAULT, false);

    public RegistrySettings {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(names, "names");
    }
}
