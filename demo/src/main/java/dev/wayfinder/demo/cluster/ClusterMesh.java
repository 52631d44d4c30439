package dev.wayfinder.demo.cluster;

import dev.wayfinder.demo.net.Ports;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Any number of simulated clusters, each every other's GSLB peer ({@link ClusterPair} is the seed's two). All DNS ports
 * are chosen first, because each controller is started with the others' ({@code --gslb-peer}).
 */
public final class ClusterMesh implements AutoCloseable {

    /** One cluster of the mesh: its geo tag and the address its ingress controller publishes. */
    public record Member(String geoTag, String ingressIp) {
        public Member {
            Objects.requireNonNull(geoTag, "geoTag");
            Objects.requireNonNull(ingressIp, "ingressIp");
        }
    }

    private final List<SimulatedCluster> clusters;

    private ClusterMesh(List<SimulatedCluster> clusters) {
        this.clusters = List.copyOf(clusters);
    }

    /**
     * Starts the members in order, each with its own {@code dns} server over its store; on failure stops whatever had started.
     *
     * @param edgeDnsServers {@code HOST:PORT} of the edge DNS servers every controller resolves host names with
     */
    public static ClusterMesh start(List<Member> members, ClusterSpec.Timings timings, SimulatedCluster.Store store, ClusterDns dns,
                                    List<String> edgeDnsServers, Progress progress) throws Exception {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (Member m : members) {
            int port = Ports.freeUdpAndTcp();
            while (ports.containsValue(port)) {
                port = Ports.freeUdpAndTcp();
            }
            ports.put(m.geoTag(), port);
        }
        List<SimulatedCluster> started = new ArrayList<>();
        try {
            for (Member m : members) {
                Map<String, Integer> peers = new LinkedHashMap<>(ports);
                peers.remove(m.geoTag());
                started.add(SimulatedCluster.start(new ClusterSpec(m.geoTag(), m.ingressIp(), ports.get(m.geoTag()), peers, List.of(), timings,
                        edgeDnsServers), store, dns, progress));
            }
            return new ClusterMesh(started);
        } catch (Exception | Error e) {
            new ClusterMesh(started).close();
            throw e;
        }
    }

    public List<SimulatedCluster> clusters() {
        return clusters;
    }

    public SimulatedCluster cluster(String geoTag) {
        return clusters.stream().filter(c -> c.geoTag().equals(geoTag)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no cluster " + geoTag));
    }

    /** Cluster name → its DNS server, in start order. */
    public Map<String, InetSocketAddress> dnsServers() {
        Map<String, InetSocketAddress> out = new LinkedHashMap<>();
        clusters.forEach(c -> out.put(c.geoTag(), c.dnsAddress()));
        return out;
    }

    @Override
    public void close() {
        for (int i = clusters.size() - 1; i >= 0; i--) {
            clusters.get(i).close();
        }
    }
}
