package dev.wayfinder.demo.cluster;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One simulated cluster: its geo tag, the address its ingress controller publishes, its DNS port and
 * its peers' DNS ports, the client blocks its DNS server maps to regions, and the GSLB timings its
 * controller runs with.
 *
 * @param peers geo tag → the DNS port of that peer on 127.0.0.1
 * @param geo   {@code CIDR=TAG} items for {@code wayfinder dns --geo}: which clients are in which cluster's region
 * @param edgeDnsServers {@code HOST:PORT} of the edge DNS servers the controller resolves load balancer host names with
 *              ({@code --edge-dns-server}); empty: none
 * @param edge  when present, the peers are not given to the controller: it finds them at this edge DNS, as k8gb does
 */
public record ClusterSpec(String geoTag, String ingressIp, int dnsPort, Map<String, Integer> peers, List<String> geo, Timings timings,
                          List<String> edgeDnsServers, Optional<Edge> edge) {

    /**
     * The edge DNS servers the peers' nameservers are looked up at, in turn ({@code --edge-dns-server}, {@code --edge-dns-zone}):
     * the glue of {@code gslb-ns-<tag>-<zone>} there holds 127.0.0.1, and the peer is asked on its DNS port.
     */
    public record Edge(List<InetSocketAddress> servers, String zone) {
        public Edge {
            servers = List.copyOf(servers);
            Objects.requireNonNull(zone, "zone");
        }
    }

    /** The controller's GSLB timings ({@code --gslb-poll-interval}, {@code --gslb-peer-timeout}, {@code --gslb-peer-grace}). */
    public record Timings(Duration pollInterval, Duration peerTimeout, Duration peerGrace) {
        /** The controller's defaults: poll every 5 s, 1 s per query, 30 s of grace. */
        public static final Timings DEFAULTS = new Timings(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    /** The zones the controller publishes in and the DNS server answers for. */
    public static final List<String> ZONES = List.of("foowidgets.k8s");

    public ClusterSpec {
        Objects.requireNonNull(geoTag, "geoTag");
        peers = Map.copyOf(peers);
        geo = List.copyOf(geo);
        Objects.requireNonNull(timings, "timings");
        edgeDnsServers = List.copyOf(edgeDnsServers);
        Objects.requireNonNull(edge, "edge");
        if (edge.isPresent() && peers.values().stream().distinct().count() > 1) {
            throw new IllegalArgumentException(geoTag + ": peers found at the edge are all asked on one port, but they listen on "
                    + peers.values());
        }
    }

    /** Without edge DNS servers; peers given directly ({@code --gslb-peer}). */
    public ClusterSpec(String geoTag, String ingressIp, int dnsPort, Map<String, Integer> peers, List<String> geo, Timings timings) {
        this(geoTag, ingressIp, dnsPort, peers, geo, timings, List.of(), Optional.empty());
    }

    /** Peers given directly, host names resolved through {@code edgeDnsServers}. */
    public ClusterSpec(String geoTag, String ingressIp, int dnsPort, Map<String, Integer> peers, List<String> geo, Timings timings,
                       List<String> edgeDnsServers) {
        this(geoTag, ingressIp, dnsPort, peers, geo, timings, edgeDnsServers, Optional.empty());
    }

    /** The same cluster finding its peers at {@code at}. */
    public ClusterSpec withEdge(Edge at) {
        return new ClusterSpec(geoTag, ingressIp, dnsPort, peers, geo, timings, edgeDnsServers, Optional.of(at));
    }
}
