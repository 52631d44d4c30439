package dev.wayfinder.gslb.push;

import dev.wayfinder.gslb.peers.PeerRefresh;
import dev.wayfinder.model.DnsName;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.TSIG;

/**
 * The controller's NOTIFY listener (UDP): reads its peers' NOTIFYs one at a time on its own thread, within the
 * {@link SourceLimits} (checked before a packet is parsed, so a flood is dropped unread and cheaply), answers each as
 * {@link NotifyCodec#judge} decides and hands the accepted ones to {@link PushedPolls}. A standby replica (leader
 * election) refuses them, so the sender retries from a new port, which the Service balances anew, and reaches the
 * leader; nothing a NOTIFY says is taken as data.
 */
public final class NotifyListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NotifyListener.class);
    private static final int MAX_DATAGRAM = 4096;
    /** Misconfigured senders (a wrong key, an unknown geo tag) are warned about once each, for this many. */
    private static final int WARNED_LIMIT = 256;

    private final DatagramChannel channel;
    private final TSIG key;
    private final Set<String> peers;
    private final List<DnsName> zones;
    private final PushedPolls polls;
    private final BooleanSupplier leading;
    private final SourceLimits limits;
    private final PushMetrics metrics;
    private final Set<String> warned = Collections.newSetFromMap(new LinkedHashMap<String, Boolean>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > WARNED_LIMIT;
        }
    });
    private final Thread thread;
    private volatile boolean closed;

    private NotifyListener(DatagramChannel channel, TSIG key, Set<String> peers, List<DnsName> zones, PushedPolls polls,
                           BooleanSupplier leading, SourceLimits limits, PushMetrics metrics) {
        this.channel = channel;
        this.key = key;
        this.peers = Set.copyOf(peers);
        this.zones = List.copyOf(zones);
        this.polls = polls;
        this.leading = leading;
        this.limits = limits;
        this.metrics = metrics;
        this.thread = new Thread(this::serve, "gslb-notify-listener");
        this.thread.setDaemon(true);
    }

    /**
     * Binds {@code listen} (UDP) and serves until closed.
     *
     * @param key     the key every NOTIFY must be signed with (the same in every cluster)
     * @param peers   the poller: a NOTIFY names its sender, which must be one of its peers, and is followed by a poll of it
     * @param zones   the load-balanced zones: a NOTIFY is about a {@code localtargets-} name under one, or its apex
     * @param leading whether this replica writes (a standby refuses, so the sender tries again)
     */
    public static NotifyListener start(InetSocketAddress listen, TSIG key, PeerRefresh peers, List<DnsName> zones, BooleanSupplier leading,
                                       MeterRegistry meters) {
        return start(listen, key, peers, zones, leading, SourceLimits.Limits.DEFAULTS, meters);
    }

    static NotifyListener start(InetSocketAddress listen, TSIG key, PeerRefresh peers, List<DnsName> zones, BooleanSupplier leading,
                                SourceLimits.Limits limits, MeterRegistry meters) {
        DatagramChannel channel;
        try {
            channel = DatagramChannel.open();
            channel.bind(listen.isUnresolved() ? new InetSocketAddress(listen.getHostString(), listen.getPort()) : listen);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for GSLB NOTIFYs on UDP " + listen + ": " + e.getMessage(), e);
        }
        NotifyListener l = new NotifyListener(channel, key, Set.copyOf(peers.tags()), zones, new PushedPolls(peers), leading,
                new SourceLimits(limits), new PushMetrics(meters));
        l.thread.start();
        LOG.info("Taking GSLB NOTIFYs from peers {} on UDP {}", new TreeSet<>(l.peers), l.address());
        return l;
    }

    /** Where it listens (the bound port when 0 was asked for). */
    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void serve() {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
        while (!closed) {
            try {
                buffer.clear();
                InetSocketAddress from = (InetSocketAddress) channel.receive(buffer);
                buffer.flip();
                handle(Arrays.copyOf(buffer.array(), buffer.limit()), from);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    LOG.warn("The GSLB NOTIFY listener on {} failed on a datagram: {}", address(), e.toString());
                }
            }
        }
    }

    private void handle(byte[] wire, InetSocketAddress from) throws IOException {
        Optional<String> limited = limits.exceeded(from.getAddress());
        if (limited.isPresent()) {
            metrics.rateLimited(limited.get());
            return;
        }
        NotifyCodec.Verdict v = NotifyCodec.judge(wire, key, peers, zones, leading.getAsBoolean());
        v.refused().ifPresent(reason -> refused(reason, from.getAddress()));
        if (v.reply().isPresent()) {
            channel.send(ByteBuffer.wrap(v.reply().get().toWire()), from);
        }
        v.accepted().ifPresent(n -> {
            metrics.received(n.sender());
            LOG.debug("NOTIFY from {} ({}) for {}{}", n.sender(), from, n.name(), n.zoneWide() ? " (every host)" : "");
            polls.notified(n);
        });
    }

    private void refused(String reason, InetAddress from) {
        metrics.refused(reason);
        boolean misconfigured = reason.equals("bad_signature") || reason.equals("unknown_peer") || reason.equals("unsigned");
        if (misconfigured && warned.add(reason + "|" + from.getHostAddress())) {
            LOG.warn("Refused a GSLB NOTIFY from {}: {} (every cluster must sign with the same --gslb-notify-tsig-key and name"
                    + " itself with a geo tag this cluster has as a peer); further ones from there are only counted", from.getHostAddress(),
                    reason.replace('_', ' '));
        } else {
            LOG.debug("Refused a GSLB NOTIFY from {}: {}", from.getHostAddress(), reason);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("Closing the GSLB NOTIFY listener: {}", e.toString());
        }
        polls.close();
    }
}
