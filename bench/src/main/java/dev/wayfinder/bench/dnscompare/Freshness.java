package dev.wayfinder.bench.dnscompare;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * "Answers as fresh as etcd": for a server that reads etcd, the time from writing a change to etcd to the
 * first answer that shows it, asked every millisecond over UDP, for the changes that renew prepared answers:
 * an existing name's address changed (and changed back), a new name added, and that name deleted again.
 * The data is as it was afterwards.
 */
final class Freshness {

    private static final Duration LIMIT = Duration.ofSeconds(10);

    private Freshness() {
    }

    /** {@code changes} rounds of the four changes against {@code server}; a table row per kind of change. */
    static String measure(RunningServer server, KV kv, BenchData data, int changes) throws Exception {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", server.port()));
        resolver.setEDNS(-1);
        resolver.setTimeout(Duration.ofMillis(200));
        long[][] ms = new long[4][changes];
        for (int k = 0; k < changes; k++) {
            int i = (int) ((long) k * data.names() / changes);
            String name = BenchData.name(i);
            String moved = "10.250." + (k / 256) + "." + (k % 256);
            String key = BenchData.etcdKey(i, 0);
            ms[0][k] = change(kv, key, value(moved), resolver, name, m -> addresses(m).contains(moved));
            String original = BenchData.addresses(i).get(0);
            ms[1][k] = change(kv, key, BenchData.etcdValue(i, 0), resolver, name,
                    m -> addresses(m).contains(original) && !addresses(m).contains(moved));
            String fresh = String.format("fresh-%06d.%s", k, BenchData.ZONE);
            String freshKey = String.format("%s/fresh-%06d/00000001", BenchData.ZONE_KEY, k);
            ms[2][k] = change(kv, freshKey, value(moved), resolver, fresh, m -> addresses(m).contains(moved));
            ms[3][k] = change(kv, freshKey, null, resolver, fresh, m -> m.getRcode() == Rcode.NXDOMAIN);
        }
        String[] kinds = {"an address of an existing name changed", "... and changed back", "a new name added", "... and deleted (NXDOMAIN)"};
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < kinds.length; c++) {
            long[] sorted = ms[c].clone();
            Arrays.sort(sorted);
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %d ms | %d ms | %d ms |%n", server.kind().label, kinds[c], changes,
                    sorted[(sorted.length - 1) / 2], sorted[Math.max(0, (int) Math.ceil(0.99 * sorted.length) - 1)], sorted[sorted.length - 1]));
        }
        return sb.toString();
    }

    static String header() {
        return "| server | change | changes | p50 | p99 | max |\n|---|---|---:|---:|---:|---:|\n";
    }

    private static String value(String address) {
        return "{\"host\":\"" + address + "\",\"ttl\":300,\"targetstrip\":1,\"owner\":\"bench\"}";
    }

    /** Writes (or, with a null value, deletes) {@code key}, then asks for {@code name} until {@code shows}; milliseconds. */
    private static long change(KV kv, String key, String value, SimpleResolver resolver, String name, Predicate<Message> shows)
            throws Exception {
        ByteSequence k = ByteSequence.from(key, StandardCharsets.UTF_8);
        long start = System.nanoTime();
        CompletableFuture<?> write = value == null ? kv.delete(k) : kv.put(k, ByteSequence.from(value, StandardCharsets.UTF_8));
        Message query = Message.newQuery(Record.newRecord(Name.fromString(name + "."), Type.A, DClass.IN));
        while (System.nanoTime() - start < LIMIT.toNanos()) {
            try {
                if (shows.test(resolver.send(query))) {
                    write.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
                    return (System.nanoTime() - start) / 1_000_000;
                }
            } catch (java.io.IOException timedOut) {
                // asked again below
            }
            Thread.sleep(1);
        }
        throw new IllegalStateException("no answer for " + name + " showed the change of " + key + " within " + LIMIT);
    }

    private static List<String> addresses(Message m) {
        List<String> out = new ArrayList<>();
        for (Record r : m.getSection(Section.ANSWER)) {
            if (r instanceof ARecord a) {
                out.add(a.getAddress().getHostAddress());
            }
        }
        return out;
    }
}
