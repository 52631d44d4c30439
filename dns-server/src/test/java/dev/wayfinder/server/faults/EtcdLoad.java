package dev.wayfinder.server.faults;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Writes many keys into etcd quickly: transactions of 100 puts (etcd allows 128 operations in one). Plain Java. */
public final class EtcdLoad {

    private static final int PER_TXN = 100;

    private EtcdLoad() {
    }

    public static void put(Client client, Map<String, String> keys) throws Exception {
        List<Op> ops = new ArrayList<>();
        for (Map.Entry<String, String> e : keys.entrySet()) {
            ops.add(Op.put(bytes(e.getKey()), bytes(e.getValue()), PutOption.DEFAULT));
            if (ops.size() == PER_TXN) {
                commit(client, ops);
            }
        }
        if (!ops.isEmpty()) {
            commit(client, ops);
        }
    }

    private static void commit(Client client, List<Op> ops) throws Exception {
        client.getKVClient().txn().Then(ops.toArray(Op[]::new)).commit().get(30, TimeUnit.SECONDS);
        ops.clear();
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}
