package dev.wayfinder.gslb.push;

import dev.wayfinder.model.DnsName;
import java.util.Objects;

/**
 * What a peer's NOTIFY announces: that the {@code localtargets-} record of one host changed in cluster {@code sender},
 * or, with {@code zoneWide}, that any host under zone {@code name} may have (a pass that changed many at once).
 *
 * @param name the host, or the zone when {@code zoneWide}
 */
public record PeerNotify(String sender, DnsName name, boolean zoneWide) {
    public PeerNotify {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(name, "name");
    }
}
