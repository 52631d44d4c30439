package dev.wayfinder.gslb.settings;

import java.util.List;
import java.util.Objects;

/**
 * The GSLB flags exactly as given ({@code --cluster-geo-tag}, {@code --gslb-peer}…), before
 * {@link GslbSettings#parse} checks them. Names follow k8gb's settings where they mean the same.
 * The last three are the cross-cluster push ({@link PushSettings}); {@code notifyTsigKey} is
 * {@code NAME:ALG:SECRET}, checked by the controller's configuration.
 */
public record RawGslb(
        String clusterGeoTag,
        List<String> peers,
        List<String> extGslbClustersGeoTags,
        List<String> edgeDnsServers,
        String edgeDnsZone,
        List<String> exposedIps,
        String pollInterval,
        String peerTimeout,
        String peerGrace,
        long nsRecordTtl,
        String notifyListen,
        List<String> peerNotify,
        String notifyTsigKey) {

    /** Defaults: poll every 5 s with a 1 s timeout per query; an unreachable peer keeps its targets for 30 s; no push. */
    public static final RawGslb DEFAULTS = new RawGslb("", List.of(), List.of(), List.of(), "", List.of(), "5s", "1s", "30s", 30);

    public RawGslb {
        peers = List.copyOf(Objects.requireNonNullElse(peers, List.of()));
        extGslbClustersGeoTags = List.copyOf(Objects.requireNonNullElse(extGslbClustersGeoTags, List.of()));
        edgeDnsServers = List.copyOf(Objects.requireNonNullElse(edgeDnsServers, List.of()));
        exposedIps = List.copyOf(Objects.requireNonNullElse(exposedIps, List.of()));
        notifyListen = Objects.requireNonNullElse(notifyListen, "");
        peerNotify = List.copyOf(Objects.requireNonNullElse(peerNotify, List.of()));
        notifyTsigKey = Objects.requireNonNullElse(notifyTsigKey, "");
    }

    /** Without push: peers are only polled. */
    public RawGslb(String clusterGeoTag, List<String> peers, List<String> extGslbClustersGeoTags, List<String> edgeDnsServers,
                   String edgeDnsZone, List<String> exposedIps, String pollInterval, String peerTimeout, String peerGrace, long nsRecordTtl) {
        this(clusterGeoTag, peers, extGslbClustersGeoTags, edgeDnsServers, edgeDnsZone, exposedIps, pollInterval, peerTimeout, peerGrace,
                nsRecordTtl, "", List.of(), "");
    }

    /** The same flags with push set: {@code listen} and {@code peerNotify} as given, {@code key} as {@code NAME:ALG:SECRET}. */
    public RawGslb withPush(String listen, List<String> notifyTargets, String key) {
        return new RawGslb(clusterGeoTag, peers, extGslbClustersGeoTags, edgeDnsServers, edgeDnsZone, exposedIps, pollInterval, peerTimeout,
                peerGrace, nsRecordTtl, listen, notifyTargets, key);
    }

    /** Never shows the key's secret. */
    @Override
    public String toString() {
        return "RawGslb[clusterGeoTag=" + clusterGeoTag + ", peers=" + peers + ", extGslbClustersGeoTags=" + extGslbClustersGeoTags
                + ", edgeDnsServers=" + edgeDnsServers + ", edgeDnsZone=" + edgeDnsZone + ", exposedIps=" + exposedIps + ", pollInterval="
                + pollInterval + ", peerTimeout=" + peerTimeout + ", peerGrace=" + peerGrace + ", nsRecordTtl=" + nsRecordTtl
                + ", notifyListen=" + notifyListen + ", peerNotify=" + peerNotify + ", notifyTsigKey="
                + (notifyTsigKey.isBlank() ? "" : "<redacted>") + "]";
    }
}
