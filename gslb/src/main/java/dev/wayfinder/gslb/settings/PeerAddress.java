package dev.wayfinder.gslb.settings;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * One peer cluster's nameservers: its geo tag and every address it answers on
 * ({@code --gslb-peer TAG=HOST[:PORT]}, repeatable per tag, or discovered from the edge DNS).
 */
public record PeerAddress(String geoTag, List<InetSocketAddress> addresses) {
    public PeerAddress {
        Objects.requireNonNull(geoTag, "geoTag");
        addresses = List.copyOf(addresses);
    }
}
