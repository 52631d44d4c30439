package dev.wayfinder.cli;

import dev.wayfinder.config.ControllerConfig;
import dev.wayfinder.gslb.peers.PeerPoller;
import dev.wayfinder.gslb.push.NotifyListener;
import dev.wayfinder.gslb.push.NotifySender;
import dev.wayfinder.gslb.settings.GslbSettings;
import dev.wayfinder.plan.PlanResult;
import dev.wayfinder.server.xfr.TsigKey;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GSLB push of one controller ({@code --gslb-notify-tsig-key}): the sender, told after every applied pass, and the
 * listener ({@code --gslb-notify-listen}), which asks the notifying peer through this controller's poller. Neither runs
 * with {@code --dry-run} or {@code --once}.
 */
final class GslbPush implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GslbPush.class);

    private final GslbSettings settings;
    private final TsigKey key;
    private final PeerPoller poller;
    private final NotifySender sender;
    private final MeterRegistry meters;
    private NotifyListener listener;

    private GslbPush(GslbSettings settings, TsigKey key, PeerPoller poller, MeterRegistry meters) {
        this.settings = settings;
        this.key = key;
        this.poller = poller;
        this.meters = meters;
        this.sender = new NotifySender(settings, poller, key.tsig(), meters);
    }

    /** The push parts when {@code config} turns push on, else none. */
    static Optional<GslbPush> of(ControllerConfig config, PeerPoller poller, MeterRegistry meters) {
        if (config.dryRun() || config.once() || config.gslb().isEmpty() || config.gslbNotifyKey().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new GslbPush(config.gslb().get(), config.gslbNotifyKey().get(), poller, meters));
    }

    /** What runs after each applied pass: the changed {@code localtargets-} records are announced. */
    Consumer<PlanResult> afterPass() {
        return plan -> sender.applied(plan.changes());
    }

    /** Binds the listener, if one is asked for; {@code leading} says whether this replica writes. */
    void start(BooleanSupplier leading) {
        Optional<InetSocketAddress> listen = settings.push().listen();
        if (listen.isPresent()) {
            listener = NotifyListener.start(listen.get(), key.tsig(), poller, settings.zones(), leading, meters);
        }
        LOG.info("GSLB push on (key {}): NOTIFYs to the peers after each change of a localtargets- record{}", key,
                listen.isPresent() ? ", taken from them on UDP " + listener.address() : "; not listening (no --gslb-notify-listen)");
    }

    /** Where the listener listens, once started. */
    Optional<InetSocketAddress> address() {
        return Optional.ofNullable(listener).map(NotifyListener::address);
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close();
        }
        sender.close();
    }
}
