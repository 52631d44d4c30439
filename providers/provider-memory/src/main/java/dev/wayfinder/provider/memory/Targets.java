package dev.wayfinder.provider.memory;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.IpLiteral;
import dev.wayfinder.model.MxTarget;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.model.SrvTarget;
import java.net.InetAddress;
import java.util.Optional;

/** Target text per record type: whether the type can hold it, and its canonical form. */
final class Targets {

    private Targets() {
    }

    /** Why {@code type} cannot hold {@code target}, or empty when it can. */
    static Optional<String> problem(RecordType type, String target) {
        try {
            switch (type) {
                case A, AAAA -> {
                    Optional<RecordType> served = IpLiteral.addressType(target);
                    if (served.isEmpty() || served.get() != type) {
                        return Optional.of("target '" + target + "' is not an " + (type == RecordType.A ? "IPv4" : "IPv6") + " address");
                    }
                }
                case CNAME, NS, PTR -> {
                    if (IpLiteral.parse(target).isPresent()) {
                        return Optional.of("target '" + target + "' is an address where a name is expected");
                    }
                    DnsName.of(target);
                }
                case SRV -> SrvTarget.parse(target);
                case MX -> MxTarget.parse(target);
                case TXT -> {
                    // Any text is TXT data.
                }
            }
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        return Optional.empty();
    }

    /**
     * The form a target is stored and read back in: addresses in canonical text, names lower-cased
     * without the trailing dot, SRV and MX re-joined with single spaces. Text the type cannot hold
     * is returned as is (apply refuses it).
     */
    static String canonical(RecordType type, String target) {
        if (problem(type, target).isPresent()) {
            return target;
        }
        return switch (type) {
            case A, AAAA -> {
                InetAddress address = IpLiteral.parse(target).orElseThrow();
                yield IpLiteral.canonical(address);
            }
            case CNAME, NS, PTR -> DnsName.of(target).toString();
            case SRV -> SrvTarget.parse(target).text();
            case MX -> MxTarget.parse(target).text();
            case TXT -> target;
        };
    }
}
