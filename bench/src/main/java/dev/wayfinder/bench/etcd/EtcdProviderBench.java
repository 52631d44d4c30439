package dev.wayfinder.bench.etcd;

import dev.wayfinder.model.Changes;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.model.Update;
import dev.wayfinder.model.skydns.SkyDnsKeys;
import dev.wayfinder.model.skydns.SkyDnsMapping;
import dev.wayfinder.provider.DomainFilter;
import dev.wayfinder.provider.ProviderException;
import dev.wayfinder.provider.etcd.EtcdProvider;
import dev.wayfinder.provider.etcd.EtcdProviderOptions;
import dev.wayfinder.provider.etcd.testing.EtcdProcess;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The etcd provider's speed target: apply N names (default 10,000; one A record each) to a real
 * etcd — create all, update all, delete all — and report names/s and etcd round trips per name,
 * against a baseline of sequential single-key puts measured in the same run on the same server.
 *
 * <p>Then, for comparison, up to 2,000 names with the bulk path off: each name read and committed
 * on its own, transactions pipelined.
 *
 * <p>Arguments: names (10000), baseline puts (2000), optionally transactions in flight (the provider default).
 * Run through {@code bench/etcd-provider.sh}; prints Markdown rows for BENCHMARKS.md. A warm-up
 * (not measured) runs first in each part so the JIT has compiled the hot paths.
 */
public final class EtcdProviderBench {

    private static final String OWNER = "bench";
    private static final int WARMUP = 1_000;
    private static final int BY_NAME = 2_000;

    private final PrintStream out;
    private final EtcdProviderOptions options;

    private EtcdProviderBench(PrintStream out, EtcdProviderOptions options) {
        this.out = out;
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        int names = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int baselinePuts = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        EtcdProviderOptions options = EtcdProviderOptions.defaults();
        if (args.length > 2) {
            options = options.withBulk(options.bulkThreshold(), options.maxOpsPerTxn(), Integer.parseInt(args[2]));
        }
        new EtcdProviderBench(System.out, options).run(names, baselinePuts);
    }

    private void run(int names, int baselinePuts) throws Exception {
        try (EtcdProcess etcd = EtcdProcess.start()) {
            out.printf("etcd %s, %d names, baseline %d puts, %d processors, max heap %d MiB, %s%n%n", etcd.clientUrl(), names,
                    baselinePuts, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, options);
            double putsPerSecond = baseline(etcd.client().getKVClient(), baselinePuts);
            SkyDnsMapping mapping = new SkyDnsMapping(SkyDnsKeys.defaults(), List.of(), 300);
            try (EtcdProvider provider = new EtcdProvider(etcd.client(), mapping, DomainFilter.of("example.org"),
                    options)) {
                cycle(provider, "", "warmup.example.org", WARMUP, null);
                out.println("| phase | names | seconds | names/s | etcd round trips | round trips/name | vs. baseline puts/s |");
                out.println("|---|---:|---:|---:|---:|---:|---:|");
                out.printf("| baseline: sequential single-key puts | %d | | %.0f puts/s | %d | 1.00 | 1.00x |%n", baselinePuts,
                        putsPerSecond, baselinePuts);
                cycle(provider, "", "bench.example.org", names, putsPerSecond);
            }
            // For comparison: the same provider without the bulk path (each name read and written on its own, pipelined).
            EtcdProviderOptions byName = options.withBulk(Integer.MAX_VALUE, options.maxOpsPerTxn(), options.maxInFlight());
            try (EtcdProvider provider = new EtcdProvider(etcd.client(), mapping, DomainFilter.of("example.org"), byName)) {
                cycle(provider, "name by name, ", "byname.example.org", Math.min(names, BY_NAME), putsPerSecond);
            }
        }
    }

    /** Sequential single-key puts of a record-sized value, each awaited: what one-key-at-a-time writing reaches. */
    private double baseline(KV kv, int puts) throws Exception {
        ByteSequence value = bytes("{\"host\":\"10.0.0.1\",\"ttl\":300,\"targetstrip\":1,\"owner\":\"bench\"}");
        for (int i = 0; i < WARMUP / 5; i++) {
            kv.put(bytes("/baseline-warmup/" + i), value).get(10, TimeUnit.SECONDS);
        }
        long start = System.nanoTime();
        for (int i = 0; i < puts; i++) {
            kv.put(bytes("/baseline/" + i), value).get(10, TimeUnit.SECONDS);
        }
        return puts / seconds(start);
    }

    /** Create, update and delete {@code count} names under {@code zone}; prints rows unless {@code baseline} is null (warm-up). */
    private void cycle(EtcdProvider provider, String mode, String zone, int count, Double baseline) throws ProviderException {
        List<Endpoint> created = IntStream.range(0, count).mapToObj(i -> endpoint(zone, i, address(i, 1))).toList();
        phase(provider, mode + "create", created.size(), baseline, () -> provider.apply(new Changes(created, List.of(), List.of())));
        verify(provider, zone, created);

        List<Endpoint> stored = provider.records().stream().filter(e -> e.name().isAtOrBelow(DnsName.of(zone))).toList();
        Map<DnsName, Endpoint> byName = stored.stream().collect(Collectors.toMap(Endpoint::name, Function.identity()));
        List<Update> updates = new ArrayList<>();
        List<Endpoint> updated = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Endpoint after = endpoint(zone, i, address(i, 2));
            updates.add(new Update(byName.get(after.name()), after));
            updated.add(after);
        }
        phase(provider, mode + "update (new target)", updates.size(), baseline,
                () -> provider.apply(new Changes(List.of(), updates, List.of())));
        verify(provider, zone, updated);

        List<Endpoint> toDelete = provider.records().stream().filter(e -> e.name().isAtOrBelow(DnsName.of(zone))).toList();
        phase(provider, mode + "delete", toDelete.size(), baseline, () -> provider.apply(new Changes(List.of(), List.of(), toDelete)));
        verify(provider, zone, List.of());
    }

    private interface Step {
        void run() throws ProviderException;
    }

    private void phase(EtcdProvider provider, String what, int names, Double baseline, Step step) throws ProviderException {
        long trips = provider.roundTrips();
        long start = System.nanoTime();
        step.run();
        double secs = seconds(start);
        long used = provider.roundTrips() - trips;
        if (baseline != null) {
            double rate = names / secs;
            out.printf("| EtcdProvider %s | %d | %.2f | %.0f | %d | %.3f | %.1fx |%n", what, names, secs, rate, used,
                    (double) used / names, rate / baseline);
        }
    }

    /** What was applied must read back exactly, or the figures mean nothing. */
    private static void verify(EtcdProvider provider, String zone, List<Endpoint> expected) throws ProviderException {
        Comparator<Endpoint> byKey = Comparator.comparing(Endpoint::key);
        List<Endpoint> actual = provider.records().stream().filter(e -> e.name().isAtOrBelow(DnsName.of(zone))).sorted(byKey).toList();
        List<Endpoint> wanted = expected.stream().map(provider::adjust).sorted(byKey).toList();
        if (!actual.equals(wanted)) {
            throw new IllegalStateException("etcd does not hold what was applied under " + zone + ": " + actual.size()
                    + " record sets read, " + wanted.size() + " expected");
        }
    }

    private static Endpoint endpoint(String zone, int i, String target) {
        return new Endpoint(DnsName.of(String.format("n%05d.%s", i, zone)), RecordType.A, List.of(target), 60, "",
                Metadata.owned(OWNER, "service/bench/n" + i));
    }

    private static String address(int i, int generation) {
        return "10." + generation + "." + (i >> 8 & 0xff) + "." + (i & 0xff);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}
