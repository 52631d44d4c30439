package dev.wayfinder.bench.dnscompare;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * The names every server answers for: {@code names} names under {@value #ZONE}, two A records each
 * (TTL {@value #TTL}), once as SkyDNS keys in etcd in the layout the controller writes, once as a zone
 * file with the same records; and the query file dnsperf cycles through, {@value #NXDOMAIN_PERCENT} % of
 * whose lines ask for names that do not exist.
 *
 * <p>The zone file's SOA is the one CoreDNS's etcd plugin makes up for the zone (v1.10.1
 * {@code plugin/backend_lookup.go:468-490}: TTL and minimum 30, refresh 7200, retry 1800, expire 86400,
 * {@code ns.dns.} and {@code hostmaster.} names), so NXDOMAIN answers are the same size from every
 * server; its apex NS is what CoreDNS answers from the {@code dns/ns} key below.
 */
record BenchData(int names) {

    static final String ZONE = "bench.test";
    static final int TTL = 300;
    static final int NXDOMAIN_PERCENT = 5;
    static final String PREFIX = "/skydns";
    /** The zone's keys: {@code bench.test} reversed under the prefix. */
    static final String ZONE_KEY = PREFIX + "/test/bench";
    static final String SOA_FIELDS = "ns.dns.bench.test. hostmaster.bench.test. %d 7200 1800 86400 30";

    private static final int PUTS_PER_TXN = 100;
    private static final int TXNS_IN_FLIGHT = 32;

    BenchData {
        if (names < 1 || names > 999_999) {
            throw new IllegalArgumentException("--names: " + names + " is outside 1..999,999 (names are host-NNNNNN)");
        }
    }

    static String name(int i) {
        return String.format("host-%06d.%s", i, ZONE);
    }

    static String absentName(int k) {
        return String.format("absent-%06d.%s", k, ZONE);
    }

    /** Name {@code i}'s two addresses, distinct across names: 10.(0|128 + i/65536).(i/256 % 256).(i % 256). */
    static List<String> addresses(int i) {
        String low = ((i >> 8) & 0xff) + "." + (i & 0xff);
        return List.of("10." + (i >> 16) + "." + low, "10." + (128 + (i >> 16)) + "." + low);
    }

    /** Absent names in the query file, so that they are {@value #NXDOMAIN_PERCENT} % of its lines (1,000 names: 53). */
    int absentNames() {
        return (int) Math.round(names * NXDOMAIN_PERCENT / (100.0 - NXDOMAIN_PERCENT));
    }

    /**
     * Record {@code which} (0 or 1) of name {@code i}: one key per target under the name, with an
     * eight-hex-digit leaf, as the controller writes them (README, "Publish records").
     */
    static String etcdKey(int i, int which) {
        long leaf = (i * 2L + which) * 2654435761L & 0xffffffffL; // an odd multiplier permutes 32-bit values: no two leaves collide
        return String.format("%s/host-%06d/%08x", ZONE_KEY, i, leaf);
    }

    static String etcdValue(int i, int which) {
        return String.format("{\"host\":\"%s\",\"ttl\":%d,\"targetstrip\":1,\"owner\":\"bench\",\"resource\":\"service/bench/host-%06d\"}",
                addresses(i).get(which), TTL, i);
    }

    /** The name server CoreDNS's etcd plugin answers for the apex NS: the {@code dns/ns} leaf {@code ns1}. */
    static final String NS_KEY = ZONE_KEY + "/dns/ns/ns1";
    static final String NS_VALUE = "{\"host\":\"127.0.0.1\",\"ttl\":300}";

    /** The zone file, line by line (no trailing newline on the last). */
    List<String> zoneFileLines() {
        List<String> lines = new ArrayList<>(names * 2 + 5);
        lines.add("$ORIGIN " + ZONE + ".");
        lines.add("$TTL " + TTL);
        lines.add("@ 30 IN SOA " + String.format(SOA_FIELDS, 1));
        lines.add("@ " + TTL + " IN NS ns1.ns.dns." + ZONE + ".");
        lines.add("ns1.ns.dns " + TTL + " IN A 127.0.0.1");
        for (int i = 0; i < names; i++) {
            String label = String.format("host-%06d", i);
            for (String address : addresses(i)) {
                lines.add(label + " " + TTL + " IN A " + address);
            }
        }
        return lines;
    }

    /** Every name once and the absent names, shuffled with a fixed seed, in dnsperf's format. */
    List<String> queryLines() {
        List<String> lines = new ArrayList<>(names + absentNames());
        for (int i = 0; i < names; i++) {
            lines.add(name(i) + " A");
        }
        for (int k = 0; k < absentNames(); k++) {
            lines.add(absentName(k) + " A");
        }
        Collections.shuffle(lines, new Random(42));
        return lines;
    }

    Path writeZoneFile(Path dir) throws IOException {
        return write(dir.resolve(ZONE + ".zone"), zoneFileLines());
    }

    Path writeQueryFile(Path dir) throws IOException {
        return write(dir.resolve("queries.txt"), queryLines());
    }

    private static Path write(Path file, List<String> lines) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            for (String line : lines) {
                w.write(line);
                w.write('\n');
            }
        }
        return file;
    }

    /** Replaces everything under the prefix with this data set; returns the number of keys now there. */
    long loadInto(KV kv) throws Exception {
        kv.delete(bytes(PREFIX + "/"), DeleteOption.builder().isPrefix(true).build()).get();
        List<Op> ops = new ArrayList<>(PUTS_PER_TXN);
        List<CompletableFuture<?>> pending = new ArrayList<>();
        ops.add(put(NS_KEY, NS_VALUE));
        for (int i = 0; i < names; i++) {
            for (int which = 0; which < 2; which++) {
                ops.add(put(etcdKey(i, which), etcdValue(i, which)));
            }
            if (ops.size() >= PUTS_PER_TXN - 1) {
                pending.add(kv.txn().Then(ops.toArray(Op[]::new)).commit());
                ops = new ArrayList<>(PUTS_PER_TXN);
            }
            if (pending.size() >= TXNS_IN_FLIGHT) {
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get();
                pending.clear();
            }
        }
        if (!ops.isEmpty()) {
            pending.add(kv.txn().Then(ops.toArray(Op[]::new)).commit());
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get();
        return kv.get(bytes(PREFIX + "/"), GetOption.builder().isPrefix(true).withCountOnly(true).build()).get().getCount();
    }

    private static Op put(String key, String value) {
        return Op.put(bytes(key), bytes(value), PutOption.DEFAULT);
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}
