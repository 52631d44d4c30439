package dev.wayfinder.bench.dns;

import dev.wayfinder.provider.etcd.testing.EtcdProcess;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.PutOption;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The DNS server's speed targets (issue 4): against a real etcd it starts itself, for each name
 * count (default 1,000 and 100,000 names, one A record each in Wayfinder's child-key layout) it
 * starts {@code wayfinder dns} as a separate JVM (-Xmx512m, classpath of jars only), measures the time from process start
 * to the first correct answer for the last name loaded, runs dnsperf on loopback (warm-up, then a
 * timed run; then a verbose run whose per-query latencies give the p99), reads the live heap after
 * a full GC, and measures how long a change in etcd takes to be answered.
 *
 * <p>Run through {@code bench/dns-server.sh}; prints Markdown rows for BENCHMARKS.md.
 */
public final class DnsServerBench {

    private static final Pattern QPS = Pattern.compile("Queries per second:\\s+([0-9.]+)");
    private static final Pattern AVG = Pattern.compile("Average Latency \\(s\\):\\s+([0-9.]+)");
    private static final Pattern LOST = Pattern.compile("Queries lost:\\s+(\\d+)");
    private static final Pattern COMPLETED = Pattern.compile("Queries completed:\\s+(\\d+)");
    private static final Pattern VERBOSE = Pattern.compile("^> NOERROR .* ([0-9.]+)$");

    private final PrintStream out;
    private final Path work;
    private final int seconds;

    private DnsServerBench(PrintStream out, Path work, int seconds) {
        this.out = out;
        this.work = work;
        this.seconds = seconds;
    }

    public static void main(String[] args) throws Exception {
        List<Integer> counts = new ArrayList<>();
        for (String c : (args.length > 0 ? args[0] : "1000,100000").split(",")) {
            counts.add(Integer.parseInt(c.trim()));
        }
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path work = Files.createDirectories(Path.of("bench/target/dns-bench"));
        new DnsServerBench(System.out, work, seconds).run(counts);
    }

    private void run(List<Integer> counts) throws Exception {
        try (EtcdProcess etcd = EtcdProcess.start()) {
            out.printf("etcd %s; %d processors; dnsperf on loopback, %d s per run%n%n", etcd.clientUrl(),
                    Runtime.getRuntime().availableProcessors(), seconds);
            out.println("| names | queries/s | avg latency | p99 latency | lost | server CPU per query | load avg | live heap after GC | start to first answer | etcd change to answer (p50 / p99, n=50) |");
            out.println("|---|---|---|---|---|---|---|---|---|---|");
            for (int n : counts) {
                out.println(measure(etcd, n));
                out.flush();
            }
        }
    }

    private String measure(EtcdProcess etcd, int names) throws Exception {
        KV kv = etcd.client().getKVClient();
        kv.delete(bytes("/skydns/"), DeleteOption.builder().isPrefix(true).build()).get();
        load(kv, names);
        Path queries = queryFile(names);
        int dnsPort = freePort();
        int opsPort = freePort();
        long start = System.nanoTime();
        Process server = startServer(etcd.clientUrl(), dnsPort, opsPort);
        try {
            long firstAnswerMillis = firstAnswer(dnsPort, "host-" + String.format("%06d", names - 1) + ".bench.test", start);
            dnsperf(queries, dnsPort, 3, false); // warm-up: let the JIT compile the query path
            long cpuBefore = cpuMillis(server.pid());
            String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
            String result = dnsperf(queries, dnsPort, seconds, false);
            long cpuMillis = cpuMillis(server.pid()) - cpuBefore;
            double p99 = p99(dnsperf(queries, dnsPort, Math.min(5, seconds), true));
            long heap = liveHeap(server.pid(), opsPort);
            long[] change = changeLatency(kv, dnsPort);
            double completed = Double.parseDouble(text(COMPLETED, result));
            return String.format("| %,d | %,.0f | %.3f ms | %.3f ms | %s of %s | %.1f µs | %s | %.1f MiB | %,d ms | %d ms / %d ms |", names,
                    group(QPS, result), group(AVG, result) * 1000, p99 * 1000, text(LOST, result), text(COMPLETED, result),
                    cpuMillis * 1000.0 / completed, load, heap / 1048576.0, firstAnswerMillis, change[0], change[1]);
        } finally {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** N names, one A record each at {@code /skydns/test/bench/host-NNNNNN/<leaf>}, written 100 keys per transaction. */
    private static void load(KV kv, int names) throws Exception {
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (int i = 0; i < names; i += 100) {
            List<Op> ops = new ArrayList<>();
            for (int j = i; j < Math.min(names, i + 100); j++) {
                String key = String.format("/skydns/test/bench/host-%06d/%08x", j, j * 2654435761L & 0x7fffffffL);
                String value = String.format("{\"host\":\"10.%d.%d.%d\",\"ttl\":300,\"targetstrip\":1,\"owner\":\"bench\"}",
                        (j >> 16) & 0xff, (j >> 8) & 0xff, j & 0xff);
                ops.add(Op.put(bytes(key), bytes(value), PutOption.DEFAULT));
            }
            pending.add(kv.txn().Then(ops.toArray(Op[]::new)).commit());
            if (pending.size() >= 32) {
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get();
                pending.clear();
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get();
    }

    private Path queryFile(int names) throws IOException {
        List<String> lines = new ArrayList<>(names);
        for (int i = 0; i < names; i++) {
            lines.add(String.format("host-%06d.bench.test A", i));
        }
        Collections.shuffle(lines, new Random(42));
        Path file = work.resolve("queries-" + names + ".txt");
        Files.write(file, lines);
        return file;
    }

    /**
     * Starts the server JVM. The first start of a run records an application class-data archive
     * (AppCDS, {@code -XX:ArchiveClassesAtExit}); later starts map it, the standard way to cut a
     * JVM service's class-loading time. The first row of the table is therefore a cold start.
     */
    private Process startServer(String etcdUrl, int dnsPort, int opsPort) throws IOException {
        Path archive = work.resolve("dns-server.jsa").toAbsolutePath();
        String cds = Files.exists(archive) ? "-XX:SharedArchiveFile=" + archive : "-XX:ArchiveClassesAtExit=" + archive;
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseG1GC", cds, "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-cp", System.getProperty("wayfinder.server.classpath", System.getProperty("java.class.path")),
                "dev.wayfinder.server.cli.DnsCommand",
                "--listen", "127.0.0.1:" + dnsPort, "--zone", "bench.test", "--etcd-endpoints", etcdUrl,
                "--etcd-prefix", "/skydns", "--upstream", "none", "--ops-listen", "127.0.0.1:" + opsPort,
                "--udp-threads-per-socket", System.getenv().getOrDefault("DNS_THREADS_PER_SOCKET", "2"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(work.resolve("server-" + dnsPort + ".log").toFile());
        pb.environment().put("WAYFINDER_LOG_LEVEL", "INFO");
        return pb.start();
    }

    /** Asks for {@code name} every 5 ms (from a scheduler) until it is answered; milliseconds since {@code start}. */
    private static long firstAnswer(int port, String name, long start) throws Exception {
        SimpleResolver r = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
        r.setTimeout(Duration.ofMillis(100));
        Message q = Message.newQuery(Record.newRecord(Name.fromString(name + "."), Type.A, 1));
        CompletableFuture<Long> answered = new CompletableFuture<>();
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
        try {
            poller.scheduleWithFixedDelay(() -> {
                try {
                    if (r.send(q).getRcode() == Rcode.NOERROR) {
                        answered.complete((System.nanoTime() - start) / 1_000_000);
                    }
                } catch (IOException e) {
                    // not listening yet
                }
            }, 0, 5, TimeUnit.MILLISECONDS);
            return answered.get(60, TimeUnit.SECONDS);
        } finally {
            poller.shutdownNow();
        }
    }

    private String dnsperf(Path queries, int port, int secs, boolean verbose) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("dnsperf", "-s", "127.0.0.1", "-p", String.valueOf(port), "-d",
                queries.toString(), "-l", String.valueOf(secs), "-c", "4", "-q", System.getenv().getOrDefault("DNSPERF_OUTSTANDING", "64"), "-t", "2"));
        if (verbose) {
            cmd.add("-v");
        }
        Path outFile = work.resolve("dnsperf-" + port + (verbose ? "-verbose" : "") + ".txt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(outFile.toFile()).start();
        if (!p.waitFor(secs + 30L, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("dnsperf did not finish");
        }
        return verbose ? outFile.toString() : Files.readString(outFile);
    }

    /** The 99th percentile of the per-query latencies dnsperf -v prints. */
    private static double p99(String verboseFile) throws IOException {
        List<Double> latencies = new ArrayList<>();
        try (var lines = Files.lines(Path.of(verboseFile))) {
            lines.forEach(l -> {
                Matcher m = VERBOSE.matcher(l);
                if (m.find()) {
                    latencies.add(Double.parseDouble(m.group(1)));
                }
            });
        }
        if (latencies.isEmpty()) {
            throw new IllegalStateException("no latencies in " + verboseFile);
        }
        Collections.sort(latencies);
        return latencies.get((int) Math.min(latencies.size() - 1, Math.ceil(latencies.size() * 0.99) - 1));
    }

    /** Heap in use after a full GC, read from the server's own /metrics. */
    private static long liveHeap(long pid, int opsPort) throws Exception {
        Process gc = new ProcessBuilder("jcmd", String.valueOf(pid), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        gc.waitFor(30, TimeUnit.SECONDS);
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        long sum = 0;
        Matcher m = Pattern.compile("(?m)^jvm_memory_used_bytes\\{area=\"heap\"[^}]*} ([0-9.E+]+)$").matcher(metrics);
        while (m.find()) {
            sum += (long) Double.parseDouble(m.group(1));
        }
        return sum;
    }

    /** Put a new name, then ask for it until it is answered: 50 samples, p50 and p99 in ms. */
    private static long[] changeLatency(KV kv, int port) throws Exception {
        SimpleResolver r = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
        r.setTimeout(Duration.ofMillis(500));
        List<Long> samples = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String name = "fresh-" + i + ".bench.test.";
            Message q = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, 1));
            long t0 = System.nanoTime();
            kv.put(bytes("/skydns/test/bench/fresh-" + i + "/00000001"), bytes("{\"host\":\"10.250.0." + i + "\",\"ttl\":30}"));
            while (!answered(r, q)) {
                if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(5)) {
                    throw new IllegalStateException(name + " not answered within 5 s");
                }
            }
            samples.add((System.nanoTime() - t0) / 1_000_000);
        }
        Collections.sort(samples);
        return new long[] {samples.get(24), samples.get(48)};
    }

    /** User + system CPU time the process has used so far (from /proc, in clock ticks of 10 ms). */
    private static long cpuMillis(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
    }

    /** One query; a lost UDP packet (timeout) counts as "not yet" and the caller asks again. */
    private static boolean answered(SimpleResolver r, Message q) {
        try {
            return r.send(q).getRcode() == Rcode.NOERROR;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static double group(Pattern p, String text) {
        Matcher m = p.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("dnsperf output lacks " + p + ":\n" + text);
        }
        return Double.parseDouble(m.group(1));
    }

    private static String text(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1) : "?";
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}
