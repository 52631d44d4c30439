package dev.wayfinder.cli.flags;

import java.util.Objects;

/**
 * One ExternalDNS flag ({@code pkg/apis/externaldns/types.go}) and what this controller does with it.
 *
 * @param name        the flag's name, without {@code --}
 * @param status      implemented, accepted without effect, accepted at its default only, or refused
 * @param edns        ExternalDNS v0.22's default, as its help shows it ("" for none)
 * @param here        this controller's default when it differs from ExternalDNS's, else null
 * @param meaning     what it does here; for the refused and default-only, why not (one line)
 */
public record FlagRow(String name, Status status, String edns, String here, String meaning) {

    /** What a flag does here. */
    public enum Status {
        /** Implemented with ExternalDNS's meaning. */
        IMPLEMENTED("implemented"),
        /** Accepted; what it turns on is what this controller always does. */
        ALWAYS_ON("always on"),
        /** Accepted; it has no effect with the coredns and rfc2136 providers, in ExternalDNS either. */
        NO_EFFECT("no effect"),
        /** Accepted at ExternalDNS's default value; any other value is refused with the reason. */
        DEFAULT_ONLY("default only"),
        /** Refused with the reason. */
        REFUSED("refused");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** Whether the command line declares the flag (everything but the refused). */
        public boolean accepted() {
            return this != REFUSED;
        }
    }

    public FlagRow {
        Objects.requireNonNull(name);
        Objects.requireNonNull(status);
        edns = Objects.requireNonNullElse(edns, "");
        Objects.requireNonNull(meaning);
        if (name.startsWith("-") || meaning.isBlank()) {
            throw new IllegalArgumentException("flag row " + name + ": name without dashes and a meaning are required");
        }
    }

    static FlagRow implemented(String name, String edns, String meaning) {
        return new FlagRow(name, Status.IMPLEMENTED, edns, null, meaning);
    }

    static FlagRow differs(String name, String edns, String here, String meaning) {
        return new FlagRow(name, Status.IMPLEMENTED, edns, here, meaning);
    }

    static FlagRow alwaysOn(String name, String edns, String meaning) {
        return new FlagRow(name, Status.ALWAYS_ON, edns, null, meaning);
    }

    static FlagRow noEffect(String name, String edns, String reason) {
        return new FlagRow(name, Status.NO_EFFECT, edns, null, reason);
    }

    static FlagRow defaultOnly(String name, String edns, String reason) {
        return new FlagRow(name, Status.DEFAULT_ONLY, edns, null, reason);
    }

    static FlagRow refused(String name, String edns, String reason) {
        return new FlagRow(name, Status.REFUSED, edns, null, reason);
    }

    /** This controller's default. */
    public String defaultHere() {
        return here == null ? edns : here;
    }

    /** The message a refused flag, or a default-only flag given another value, stops the start with. */
    public String refusal() {
        return "--" + name + ": " + meaning;
    }
}
