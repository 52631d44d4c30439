package dev.wayfinder.demo.cluster;

import dev.wayfinder.demo.net.Ports;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The seed's two clusters, each the other's GSLB peer: us-buf (the failover primary, ingress
 * 10.2.1.167) and us-nyc (10.2.1.98). Their DNS ports are chosen first, because each controller is
 * started with the other's ({@code --gslb-peer}).
 */
public final class ClusterPair implements AutoCloseable {

    public static final String BUF = "us-buf";
    public static final String NYC = "us-nyc";
    public static final String BUF_IP = "10.2.1.167";
    public static final String NYC_IP = "10.2.1.98";
    /** Client blocks that count as each cluster's region for geo answers (documentation ranges, RFC 5737). */
    public static final String BUF_REGION = "192.0.2.0/24";
    public static final String NYC_REGION = "198.51.100.0/24";

    private final SimulatedCluster buf;
    private final SimulatedCluster nyc;

    private ClusterPair(SimulatedCluster buf, SimulatedCluster nyc) {
        this.buf = buf;
        this.nyc = nyc;
    }

    /** Starts us-buf, then us-nyc, each with its own {@code dns} server over its store; on failure stops whatever had started. */
    public static ClusterPair start(ClusterSpec.Timings timings, SimulatedCluster.Store store, ClusterDns dns, Progress progress)
            throws Exception {
        return start(timings, store, dns, false, progress);
    }

    /**
     * As {@link #start(ClusterSpec.Timings, SimulatedCluster.Store, ClusterDns, Progress)}; with {@code push}, each controller
     * also tells the other of a change of its {@code localtargets-} records at once, by a NOTIFY signed with a key made
     * for this pair, instead of leaving it to the other's next poll.
     */
    public static ClusterPair start(ClusterSpec.Timings timings, SimulatedCluster.Store store, ClusterDns dns, boolean push, Progress progress)
            throws Exception {
        int bufPort = Ports.freeUdpAndTcp();
        int nycPort = Ports.freeUdpAndTcp();
        while (nycPort == bufPort) {
            nycPort = Ports.freeUdpAndTcp();
        }
        Optional<ClusterSpec.Push> bufPush = Optional.empty();
        Optional<ClusterSpec.Push> nycPush = Optional.empty();
        if (push) {
            String key = "gslb-notify:hmac-sha256:" + randomSecret();
            int bufNotify = Ports.freeUdpAndTcp();
            int nycNotify = Ports.freeUdpAndTcp();
            while (nycNotify == bufNotify) {
                nycNotify = Ports.freeUdpAndTcp();
            }
            bufPush = Optional.of(new ClusterSpec.Push(bufNotify, Map.of(NYC, nycNotify), key));
            nycPush = Optional.of(new ClusterSpec.Push(nycNotify, Map.of(BUF, bufNotify), key));
        }
        List<String> geo = List.of(BUF_REGION + "=" + BUF, NYC_REGION + "=" + NYC);
        SimulatedCluster buf = SimulatedCluster.start(new ClusterSpec(BUF, BUF_IP, bufPort, Map.of(NYC, nycPort), geo, timings).withPush(bufPush),
                store, dns, progress);
        try {
            SimulatedCluster nyc = SimulatedCluster.start(new ClusterSpec(NYC, NYC_IP, nycPort, Map.of(BUF, bufPort), geo, timings).withPush(nycPush),
                    store, dns, progress);
            return new ClusterPair(buf, nyc);
        } catch (Exception | Error e) {
            buf.close();
            throw e;
        }
    }

    /** A fresh TSIG secret: 32 random octets, base64 (what {@code tsig-keygen} makes for hmac-sha256). */
    static String randomSecret() {
        byte[] secret = new byte[32];
        new java.security.SecureRandom().nextBytes(secret);
        return java.util.Base64.getEncoder().encodeToString(secret);
    }

    public SimulatedCluster buf() {
        return buf;
    }

    public SimulatedCluster nyc() {
        return nyc;
    }

    public List<SimulatedCluster> both() {
        return List.of(buf, nyc);
    }

    /** Cluster name → its DNS server, us-buf first. */
    public Map<String, InetSocketAddress> dnsServers() {
        Map<String, InetSocketAddress> out = new LinkedHashMap<>();
        out.put(BUF, buf.dnsAddress());
        out.put(NYC, nyc.dnsAddress());
        return out;
    }

    /** Publishes the seed's failover Gslb (and its healthy backend) in both clusters. */
    public void publishFailoverGslb() {
        String manifest = Seed.manifest(Seed.FAILOVER);
        for (SimulatedCluster c : both()) {
            c.publishGslb(manifest);
        }
    }

    /**
     * Waits until each cluster has polled the other once more (a peer's answers are learned on the
     * next poll, up to --gslb-poll-interval later): afterwards each knows the other's current targets.
     *
     * @return false if that did not happen within {@code limit}
     */
    public boolean awaitPeersPolled(Duration limit) {
        long bufHeard = buf.peerAnswers(NYC);
        long nycHeard = nyc.peerAnswers(BUF);
        return Waits.until(() -> buf.peerAnswers(NYC) > bufHeard && nyc.peerAnswers(BUF) > nycHeard, Duration.ofMillis(20), limit);
    }

    @Override
    public void close() {
        nyc.close();
        buf.close();
    }
}
