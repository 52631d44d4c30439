package dev.wayfinder.gslb.settings;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cross-cluster push: a change of this cluster's {@code localtargets-<host>} is announced to the peers at once by a
 * TSIG-signed DNS NOTIFY to their controllers, beside polling. On when a key is given
 * ({@code --gslb-notify-tsig-key}); the key itself is checked by the controller's configuration.
 *
 * @param enabled     a key is given: this cluster sends NOTIFYs (and takes them when {@code listen} is set)
 * @param listen      where this controller takes its peers' NOTIFYs ({@code --gslb-notify-listen}, UDP)
 * @param peerTargets where each peer takes them, given explicitly ({@code --gslb-peer-notify TAG=HOST[:PORT]})
 */
public record PushSettings(boolean enabled, Optional<InetSocketAddress> listen, Map<String, List<InetSocketAddress>> peerTargets) {

    /** The notify port when none is given: the chart's, and the one a peer is told on unless it says otherwise. */
    public static final int DEFAULT_PORT = 8053;

    public static final PushSettings OFF = new PushSettings(false, Optional.empty(), Map.of());

    public PushSettings {
        peerTargets = Map.copyOf(peerTargets);
    }

    /** The port peers are told on when their address is derived or given without one: this controller's own, else 8053. */
    public int notifyPort() {
        return listen.map(InetSocketAddress::getPort).filter(p -> p > 0).orElse(DEFAULT_PORT);
    }

    /**
     * Where to tell peer {@code tag}: its {@code --gslb-peer-notify} addresses, else each of its nameservers' hosts on
     * {@link #notifyPort()} (clusters configured alike, with the notify listener behind the nameserver's address).
     */
    public List<InetSocketAddress> targets(String tag, List<InetSocketAddress> nameservers) {
        if (!enabled) {
            return List.of();
        }
        List<InetSocketAddress> given = peerTargets.get(tag);
        if (given != null) {
            return given;
        }
        return nameservers.stream().map(ns -> ns.isUnresolved() ? InetSocketAddress.createUnresolved(ns.getHostString(), notifyPort())
                : new InetSocketAddress(ns.getAddress(), notifyPort())).distinct().toList();
    }
}
