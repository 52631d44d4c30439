package dev.wayfinder.cli;

import dev.wayfinder.gslb.settings.RawGslb;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The GSLB flags, used with {@code --source=gslb}; names follow k8gb's settings where they mean the same,
 * and k8gb's environment variables set them too ({@link ExternalDnsEnvironment#K8GB}).
 */
final class GslbOptions {

    @Option(names = "--cluster-geo-tag", description = "This cluster's geo tag (k8gb's clusterGeoTag), e.g. us-buf. Env: CLUSTER_GEO_TAG.")
    String clusterGeoTag = "";

    @Option(names = "--gslb-peer", split = ",", paramLabel = "TAG=HOST[:PORT]", description = "A peer cluster's nameserver;"
            + " repeatable (several per tag: every address is tried). Default port 53.")
    List<String> peers = new ArrayList<>();

    @Option(names = "--ext-gslb-clusters-geo-tags", split = ",", description = "Peer geo tags whose nameservers are found at the"
            + " edge DNS as gslb-ns-<tag>-<zone> (k8gb's extGslbClustersGeoTags). Env: EXT_GSLB_CLUSTERS_GEO_TAGS.")
    List<String> extGeoTags = new ArrayList<>();

    @Option(names = "--edge-dns-server", split = ",", paramLabel = "HOST[:PORT]", description = "Edge DNS server for peer"
            + " discovery (k8gb's edgeDNSServers); repeatable. Env: EDGE_DNS_SERVERS.")
    List<String> edgeDnsServers = new ArrayList<>();

    @Option(names = "--edge-dns-zone", description = "The parent zone that delegates the load-balanced zone (k8gb's edgeDNSZone)."
            + " Env: EDGE_DNS_ZONE.")
    String edgeDnsZone = "";

    @Option(names = "--dns-zones", paramLabel = "PARENT:ZONE:NEGTTL[;...]", description = "k8gb's DNS_ZONES: load-balanced zones, each"
            + " with the parent zone that delegates it (the negative TTL is accepted; stock CoreDNS fixes its own). Published in"
            + " when --domain-filter is not given. Env: DNS_ZONES.")
    String dnsZones = "";

    @Option(names = "--dns-zone", description = "k8gb's older DNS_ZONE: one load-balanced zone, delegated by --edge-dns-zone. Env: DNS_ZONE.")
    String dnsZone = "";

    @Option(names = "--gluea-prefix", defaultValue = "gslb-ns-", description = "Prefix of each cluster's nameserver name at the edge,"
            + " <prefix><tag>-<zone> (k8gb's GLUEA_PREFIX; may be empty). Default: ${DEFAULT-VALUE}. Env: GLUEA_PREFIX.")
    String glueAPrefix;

    @Option(names = "--cluster-exposed-ip", split = ",", description = "This cluster's nameserver addresses, published as glue at the"
            + " edge (k8gb's CLUSTER_EXPOSED_IPS); repeatable. Env: CLUSTER_EXPOSED_IPS.")
    List<String> exposedIps = new ArrayList<>();

    @Option(names = "--gslb-poll-interval", defaultValue = "5s", description = "How often peers are asked. Default: ${DEFAULT-VALUE}.")
    String pollInterval;

    @Option(names = "--gslb-peer-timeout", defaultValue = "1s", description = "Per query and address. Default: ${DEFAULT-VALUE}.")
    String peerTimeout;

    @Option(names = "--gslb-peer-grace", defaultValue = "30s", description = "How long an unreachable peer keeps its last-known targets."
            + " Default: ${DEFAULT-VALUE}.")
    String peerGrace;

    @Option(names = "--ns-record-ttl", defaultValue = "30", description = "TTL of the edge NS and glue records. Default: ${DEFAULT-VALUE}."
            + " Env: NS_RECORD_TTL.")
    long nsRecordTtl;

    @Option(names = "--gslb-serving-dns", defaultValue = RawGslb.DEFAULT_SERVING_DNS, paramLabel = "coredns|wayfinder",
            description = "The DNS server that answers the load-balanced zones: coredns (stock CoreDNS, which serves every healthy"
            + " target and ignores weights and geo tags) or wayfinder (wayfinder dns, which answers each strategy per query). Each"
            + " Gslb says in its StrategyHonoured condition whether it gets what its strategy asks for. Default: ${DEFAULT-VALUE}.")
    String servingDns;

    @Option(names = "--gslb-discovered-peer-port", defaultValue = "53", description = "The port the peers found at the edge are asked on"
            + " (their glue holds addresses only). Default: ${DEFAULT-VALUE}.")
    int discoveredPeerPort;

    RawGslb raw() {
        return new RawGslb(clusterGeoTag, peers, extGeoTags, edgeDnsServers, edgeDnsZone, exposedIps, pollInterval, peerTimeout, peerGrace,
                nsRecordTtl, dnsZones, dnsZone, glueAPrefix, servingDns, discoveredPeerPort);
    }
}
