package dev.wayfinder.provider.etcd;

import dev.wayfinder.provider.writers.Writer;
import dev.wayfinder.provider.writers.WriterPresence;
import dev.wayfinder.provider.writers.WriterVerdict;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A controller's presence in etcd as a writer with its owner id: the key
 * {@code /wayfinder-writers/<owner>/<instance>} bound to an etcd lease of {@code ttl}, kept alive
 * every {@code interval}, and a read of every key under {@code /wayfinder-writers/<owner>/} just as
 * often. The key's create revision is the writer's place in line. A writer that dies stops keeping
 * its lease alive and its key goes within {@code ttl}; one that stops cleanly revokes it at once.
 *
 * <p>The keys sit outside the SkyDNS prefix, where neither CoreDNS nor {@code wayfinder dns} reads.
 * Owner id and instance are URL-encoded into the key, so any owner id is one path segment.
 */
public final class EtcdWriterPresence implements WriterPresence {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdWriterPresence.class);
    public static final String ROOT = "/wayfinder-writers/";

    private final EtcdSession session;
    private final String ownerId;
    private final Writer me;
    private final Duration ttl;
    private final Duration interval;
    private final Duration callTimeout;
    private final ScheduledThreadPoolExecutor exec;
    private volatile WriterVerdict verdict = new WriterVerdict(WriterVerdict.Standing.UNREGISTERED, List.of());
    private Runnable onChange = () -> { };
    // Touched on the presence thread only.
    private long leaseId;
    private boolean keyMissing;

    /**
     * @param me       this writer; its order is ignored (etcd assigns it)
     * @param ttl      the lease's time to live: how long a dead writer's key outlives it
     * @param interval how often the lease is kept alive and the others are read
     */
    public EtcdWriterPresence(EtcdSession session, String ownerId, Writer me, Duration ttl, Duration interval) {
        this.session = Objects.requireNonNull(session, "session");
        this.ownerId = Objects.requireNonNull(ownerId, "ownerId");
        this.me = Objects.requireNonNull(me, "me");
        if (ttl.toSeconds() < 2 || interval.compareTo(ttl.dividedBy(2)) > 0) {
            throw new IllegalArgumentException("the lease must last at least 2 s and be kept alive at least twice within it: ttl "
                    + ttl + ", interval " + interval);
        }
        this.ttl = ttl;
        this.interval = interval;
        this.callTimeout = interval.multipliedBy(2);
        this.exec = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "etcd-writer-presence");
            t.setDaemon(true);
            return t;
        });
        exec.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** The key of {@code instance} under {@code ownerId}. */
    public static String key(String ownerId, String instance) {
        return prefix(ownerId) + encode(instance);
    }

    static String prefix(String ownerId) {
        return ROOT + encode(ownerId) + "/";
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void start(Runnable listener) {
        this.onChange = Objects.requireNonNull(listener, "listener");
        exec.scheduleWithFixedDelay(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public WriterVerdict verdict() {
        return verdict;
    }

    /** One round: keep (or make) the registration, read every writer's, decide. */
    private void tick() {
        try {
            register();
            List<Writer> all = read();
            keyMissing = all.stream().noneMatch(w -> w.instance().equals(me.instance()));
            decided(WriterVerdict.decide(me, all));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // etcd away: the session notices and probes; the verdict stands until etcd answers again.
            session.failed(e instanceof ExecutionException ? e.getCause() : e);
            LOG.debug("Writer presence round failed: {}", e.toString());
        }
    }

    private void register() throws InterruptedException, ExecutionException, TimeoutException {
        Client client = session.client();
        if (leaseId != 0) {
            // etcd answers an expired lease's keep-alive with TTL 0, not an error; errors mean etcd is away.
            LeaseKeepAliveResponse alive = wait(client.getLeaseClient().keepAliveOnce(leaseId));
            if (alive.getTTL() <= 0) {
                LOG.info("The etcd lease {} of writer {} (owner id {}) has expired; registering again", Long.toHexString(leaseId),
                        me.instance(), ownerId);
                leaseId = 0;
            }
        }
        if (leaseId == 0) {
            long id = wait(client.getLeaseClient().grant(ttl.toSeconds())).getID();
            put(client, id);
            leaseId = id;
            LOG.info("Registered as a writer with owner id {} in etcd: {} (lease {}, {} s)", ownerId, key(ownerId, me.instance()),
                    Long.toHexString(id), ttl.toSeconds());
        } else if (keyMissing) {
            put(client, leaseId);
            LOG.info("The writer key {} was gone (etcd emptied?); written again", key(ownerId, me.instance()));
        }
    }

    private void put(Client client, long lease) throws InterruptedException, ExecutionException, TimeoutException {
        wait(client.getKVClient().put(bytes(key(ownerId, me.instance())), bytes(WriterJson.encode(me)),
                PutOption.builder().withLeaseId(lease).build()));
    }

    private List<Writer> read() throws InterruptedException, ExecutionException, TimeoutException {
        ByteSequence prefix = bytes(prefix(ownerId));
        List<KeyValue> kvs = wait(session.client().getKVClient().get(prefix, GetOption.builder().isPrefix(true).build())).getKvs();
        List<Writer> all = new ArrayList<>(kvs.size());
        for (KeyValue kv : kvs) {
            String key = kv.getKey().toString(StandardCharsets.UTF_8);
            try {
                Writer w = WriterJson.decode(kv.getValue().toString(StandardCharsets.UTF_8));
                all.add(w.at(kv.getCreateRevision(), w.since()));
            } catch (IllegalArgumentException e) {
                LOG.warn("Ignoring the writer key {}: {}", key, e.getMessage());
            }
        }
        return all;
    }

    private void decided(WriterVerdict next) {
        WriterVerdict previous = verdict;
        verdict = next;
        if (previous.standing() != next.standing() || !previous.others().stream().map(Writer::instance).toList()
                .equals(next.others().stream().map(Writer::instance).toList())) {
            onChange.run();
        }
    }

    private <T> T wait(CompletableFuture<T> call) throws InterruptedException, ExecutionException, TimeoutException {
        return call.get(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    /** Stops, and revokes the lease so the key goes at once (best effort: an unreachable etcd lets it expire). */
    @Override
    public void close() {
        exec.shutdownNow();
        try {
            exec.awaitTermination(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (leaseId != 0) {
            try {
                session.client().getLeaseClient().revoke(leaseId).get(1, TimeUnit.SECONDS);
                LOG.info("Unregistered writer {} (owner id {})", me.instance(), ownerId);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.info("Could not revoke the writer lease {} ({}); its key expires within {} s", Long.toHexString(leaseId), e.toString(),
                        ttl.toSeconds());
            }
        }
    }
}
