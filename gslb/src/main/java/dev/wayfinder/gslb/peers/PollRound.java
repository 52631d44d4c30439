package dev.wayfinder.gslb.peers;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one poll of one peer has heard so far, host by host, and at its end whether the peer and each of its addresses
 * answered; the flips are logged against what the previous rounds of that peer said ({@link Flips}). Confined to the
 * poller's scheduler thread.
 */
final class PollRound {

    private static final Logger LOG = LoggerFactory.getLogger(PeerPoller.class);

    final String tag;
    final List<InetSocketAddress> addresses;
    final Map<InetSocketAddress, String> failures = new LinkedHashMap<>();
    final Set<InetSocketAddress> answering = new LinkedHashSet<>();
    boolean anyAnswered;
    int hosts;

    PollRound(String tag, List<InetSocketAddress> addresses) {
        this.tag = tag;
        this.addresses = List.copyOf(addresses);
    }

    /** One address's answer for one host: answered, or the first failure seen at it. */
    void heard(InetSocketAddress address, boolean answered, String failure) {
        if (answered) {
            anyAnswered = true;
            answering.add(address);
        } else {
            failures.putIfAbsent(address, failure);
        }
    }

    /** Each peer's and each address's reachability as the last round ended, to log the flips. */
    static final class Flips {
        private final Map<InetSocketAddress, Boolean> addressUp = new HashMap<>();
        private final Map<String, Boolean> peerUp = new HashMap<>();

        /** Logs the peer's and each address's flips; true when the peer's reachability flipped (or was first known up). */
        boolean after(PollRound round, Duration grace) {
            for (InetSocketAddress a : round.addresses) {
                boolean up = round.answering.contains(a);
                Boolean before = addressUp.put(a, up);
                if (before == null || before != up) {
                    if (up) {
                        LOG.info("Peer {} answers at {}", round.tag, a);
                    } else if (round.failures.containsKey(a)) {
                        LOG.info("Peer {} is unreachable at {}: {}", round.tag, a, round.failures.get(a));
                    }
                }
            }
            Boolean before = peerUp.put(round.tag, round.anyAnswered);
            if (before != null && before && !round.anyAnswered) {
                LOG.info("Peer {} is unreachable at all of its addresses {}; its last-known targets count for {} more", round.tag,
                        round.addresses, grace);
            } else if (before != null && !before && round.anyAnswered) {
                LOG.info("Peer {} is reachable again", round.tag);
            }
            return before == null ? round.anyAnswered : before != round.anyAnswered;
        }
    }
}
