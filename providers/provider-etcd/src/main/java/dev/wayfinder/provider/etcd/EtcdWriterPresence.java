package dev.wayfinder.provider.etcd;

import dev.wayfinder.provider.writers.PolledWriterPresence;
import dev.wayfinder.provider.writers.Writer;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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
 * When the session finds etcd back after an outage, a round runs at once.
 *
 * <p>The keys sit outside the SkyDNS prefix, where neither CoreDNS nor {@code wayfinder dns} reads.
 * Owner id and instance are URL-encoded into the key, so any owner id is one path segment.
 */
public final class EtcdWriterPresence extends PolledWriterPresence {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdWriterPresence.class);
    public static final String ROOT = "/wayfinder-writers/";

    private final EtcdSession session;
    private final String ownerId;
    private final Duration callTimeout;
    // Touched on the presence thread only (and by close, after it).
    private long leaseId;
    private boolean keyMissing;

    /**
     * @param me       this writer; its order is ignored (etcd assigns it)
     * @param ttl      the lease's time to live: how long a dead writer's key outlives it
     * @param interval how often the lease is kept alive and the others are read
     */
    public EtcdWriterPresence(EtcdSession session, String ownerId, Writer me, Duration ttl, Duration interval, Clock clock) {
        super("etcd-writer-presence", me, ttl, interval, clock);
        this.session = Objects.requireNonNull(session, "session");
        this.ownerId = Objects.requireNonNull(ownerId, "ownerId");
        this.callTimeout = interval.multipliedBy(2);
        session.onReachableAgain(this::roundNow);
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
    protected List<Writer> round() throws InterruptedException, ExecutionException, TimeoutException {
        register();
        List<Writer> all = read();
        keyMissing = all.stream().noneMatch(w -> w.instance().equals(me.instance()));
        return all;
    }

    @Override
    protected void roundFailed(Exception e) {
        // etcd away: the session notices and probes, and runs a round as soon as etcd answers.
        session.failed(e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e);
    }

    private void register() throws InterruptedException, ExecutionException, TimeoutException {
        Client client = session.client();
        if (leaseId != 0 && !keptAlive(client)) {
            leaseId = 0;
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

    /**
     * Whether the lease still holds. etcd answers an expired lease's keep-alive with TTL 0, and one it never had
     * (a wiped etcd: a new cluster on the same address) with an error such as NOT_FOUND; either way the lease is
     * gone and this writer registers again, which also lets the round read etcd and report its revision, so the
     * wipe is noticed. Failures that say etcd is away propagate: the session probes.
     */
    private boolean keptAlive(Client client) throws InterruptedException, ExecutionException, TimeoutException {
        String why;
        try {
            LeaseKeepAliveResponse alive = wait(client.getLeaseClient().keepAliveOnce(leaseId));
            if (alive.getTTL() > 0) {
                return true;
            }
            why = "has expired";
        } catch (ExecutionException e) {
            if (EtcdFailures.isUnreachable(e)) {
                throw e;
            }
            why = "is refused by etcd (" + EtcdFailures.describe(e) + ")";
        }
        LOG.info("The etcd lease {} of writer {} (owner id {}) {}; registering again", Long.toHexString(leaseId), me.instance(), ownerId, why);
        return false;
    }

    private void put(Client client, long lease) throws InterruptedException, ExecutionException, TimeoutException {
        wait(client.getKVClient().put(bytes(key(ownerId, me.instance())), bytes(WriterJson.encode(me)),
                PutOption.builder().withLeaseId(lease).build()));
    }

    private List<Writer> read() throws InterruptedException, ExecutionException, TimeoutException {
        ByteSequence prefix = bytes(prefix(ownerId));
        GetResponse response = wait(session.client().getKVClient().get(prefix, GetOption.builder().isPrefix(true).build()));
        // Every round also tells the session etcd's revision, so a restore or a wipe between two calls is noticed.
        session.observed(response.getHeader().getRevision());
        List<KeyValue> kvs = response.getKvs();
        List<Writer> all = new ArrayList<>(kvs.size());
        for (KeyValue kv : kvs) {
            try {
                Writer w = WriterJson.decode(kv.getValue().toString(StandardCharsets.UTF_8));
                all.add(w.at(kv.getCreateRevision(), w.since()));
            } catch (IllegalArgumentException e) {
                LOG.warn("Ignoring the writer key {}: {}", kv.getKey().toString(StandardCharsets.UTF_8), e.getMessage());
            }
        }
        return all;
    }

    private <T> T wait(CompletableFuture<T> call) throws InterruptedException, ExecutionException, TimeoutException {
        return call.get(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    /** Revokes the lease so the key goes at once (best effort: an unreachable etcd lets it expire). */
    @Override
    protected void unregister() {
        if (leaseId == 0) {
            return;
        }
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
