package dev.wayfinder.provider.etcd;

import dev.wayfinder.model.skydns.SkyDnsEntry;
import dev.wayfinder.model.skydns.SkyDnsFormatException;
import dev.wayfinder.model.skydns.SkyDnsJson;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The only place that talks to etcd: paged range reads and guarded transactions, each call
 * bounded by a timeout and counted, so a benchmark can report round trips per name. Calls go
 * through the session's current client, and a failure that says etcd is away is reported to the
 * session, which then probes for etcd's return.
 */
final class EtcdKv {

    private final EtcdSession session;
    private final Duration timeout;
    private final int pageSize;
    private final LongAdder roundTrips = new LongAdder();

    EtcdKv(EtcdSession session, Duration timeout, int pageSize) {
        this.session = session;
        this.timeout = timeout;
        this.pageSize = pageSize;
    }

    private KV kv() {
        return session.client().getKVClient();
    }

    long roundTrips() {
        return roundTrips.sum();
    }

    /** How many keys {@code [from, to)} holds, without reading them. */
    CompletableFuture<Long> count(String from, String to) {
        GetOption option = GetOption.builder().withRange(bytes(to)).withCountOnly(true).build();
        return call(kv().get(bytes(from), option)).thenApply(GetResponse::getCount);
    }

    /** Every key in {@code [from, to)}, decoded; all pages read at the revision of the first. */
    CompletableFuture<List<StoredKey>> read(String from, String to) {
        List<StoredKey> out = new ArrayList<>();
        return page(bytes(from), bytes(to), 0, out).thenApply(v -> out);
    }

    private CompletableFuture<Void> page(ByteSequence from, ByteSequence to, long revision, List<StoredKey> out) {
        GetOption option = GetOption.builder().withRange(to).withLimit(pageSize).withRevision(revision).build();
        return call(kv().get(from, option)).thenCompose(response -> {
            List<KeyValue> kvs = response.getKvs();
            kvs.forEach(kv -> out.add(decode(kv)));
            if (!response.isMore() || kvs.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            ByteSequence next = kvs.get(kvs.size() - 1).getKey().concat(ByteSequence.from(new byte[] {0}));
            return page(next, to, revisionOf(response, revision), out);
        });
    }

    private static long revisionOf(GetResponse response, long asked) {
        return asked != 0 ? asked : response.getHeader().getRevision();
    }

    /** Never throws: a value that is not a SkyDNS record becomes a {@link StoredKey#malformed} key. */
    private static StoredKey decode(KeyValue kv) {
        String key = kv.getKey().toString(StandardCharsets.UTF_8);
        try {
            return StoredKey.decoded(key, kv.getModRevision(), new SkyDnsEntry(key, SkyDnsJson.decode(kv.getValue().getBytes())));
        } catch (SkyDnsFormatException | RuntimeException e) {
            return StoredKey.malformed(key, kv.getModRevision(), e.getMessage());
        }
    }

    /** Commits the writes in one transaction; false when a guard failed (someone else wrote meanwhile). */
    CompletableFuture<Boolean> commit(List<NameWrite> writes) {
        List<Cmp> guards = new ArrayList<>();
        List<Op> ops = new ArrayList<>();
        for (NameWrite w : writes) {
            for (Map.Entry<String, Long> g : w.guards().entrySet()) {
                guards.add(g.getValue() == 0
                        ? new Cmp(bytes(g.getKey()), Cmp.Op.EQUAL, CmpTarget.version(0))
                        : new Cmp(bytes(g.getKey()), Cmp.Op.EQUAL, CmpTarget.modRevision(g.getValue())));
            }
            w.deletes().forEach(k -> ops.add(Op.delete(bytes(k), DeleteOption.DEFAULT)));
            w.puts().forEach((k, v) -> ops.add(Op.put(bytes(k), bytes(v), PutOption.DEFAULT)));
        }
        return call(kv().txn().If(guards.toArray(Cmp[]::new)).Then(ops.toArray(Op[]::new)).commit())
                .thenApply(r -> r.isSucceeded());
    }

    private <T> CompletableFuture<T> call(CompletableFuture<T> rpc) {
        roundTrips.increment();
        return rpc.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((r, e) -> {
            if (e != null) {
                session.failed(e);
            }
        });
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}
