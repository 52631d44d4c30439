package dev.wayfinder.server.xfr;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * Who may transfer the zones and whom to tell about changes. Transfers are off unless an allow
 * list or a key is given: with a key every transfer must carry a valid TSIG signature, with an
 * allow list the client's address must be in it, with both both must hold.
 *
 * @param allow   client blocks allowed to transfer (empty: any address, when a key is set)
 * @param key     the TSIG key transfers (and NOTIFY) are signed with, if any
 * @param secondaries sent a NOTIFY after every change
 */
public record TransferConfig(List<Cidr> allow, Optional<TsigKey> key, List<InetSocketAddress> secondaries) {

    public static final TransferConfig OFF = new TransferConfig(List.of(), Optional.empty(), List.of());

    public TransferConfig {
        allow = List.copyOf(allow);
        secondaries = List.copyOf(secondaries);
    }

    public boolean enabled() {
        return !allow.isEmpty() || key.isPresent();
    }

    /** The address part of the policy (TSIG is checked separately, on the message). */
    public boolean allows(InetAddress client) {
        return enabled() && (allow.isEmpty() || allow.stream().anyMatch(c -> c.contains(client)));
    }
}
