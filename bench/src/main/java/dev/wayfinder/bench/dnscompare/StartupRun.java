package dev.wayfinder.bench.dnscompare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A new replica's first seconds (issue 15's JIT warm-up): {@code wayfinder dns} started afresh on the loaded
 * data, with its warm-up and without ({@code --warm-up-queries 0}), taking turns; for each start, the time to
 * the first right answer and to /readyz, then dnsperf's queries/s second by second from the moment /readyz
 * says ready, as a load balancer would send traffic.
 */
final class StartupRun {

    private static final Pattern INTERVAL = Pattern.compile("^[0-9.]+: ([0-9.]+)$", Pattern.MULTILINE);
    private static final int SECONDS = 6;

    private final Launchers.Setup setup;
    private final Spawned spawned;
    private final BenchData data;
    private final Path queries;
    private final Dnsperf.Shape shape;

    StartupRun(Launchers.Setup setup, Spawned spawned, BenchData data, Path queries, Dnsperf.Shape shape) {
        this.setup = setup;
        this.spawned = spawned;
        this.data = data;
        this.queries = queries;
        this.shape = shape;
    }

    /** {@code runs} starts of each kind, alternating; prints the table. */
    void run(int runs, Consumer<String> say) throws Exception {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%n#### %,d names: a new replica's first seconds, %s%n%n", data.names(),
                shape));
        table.append("| start | warm-up | first answer | ready (/readyz) | q/s in 1st s | 2nd s | 3rd s | 5th s |\n");
        table.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (int r = 0; r < runs; r++) {
            for (boolean warm : new boolean[] {r % 2 == 0, r % 2 != 0}) {
                table.append(once(r + 1, warm)).append('\n');
            }
        }
        say.accept(table.toString());
    }

    private String once(int run, boolean warm) throws Exception {
        List<String> args = new ArrayList<>(setup.wayfinderArgs());
        if (!warm) {
            args.addAll(List.of("--warm-up-queries", "0"));
        }
        Launchers.Setup s = new Launchers.Setup(setup.work(), setup.zoneFile(), setup.etcdUrl(), setup.etcd(), setup.wayfinderJar(),
                setup.wayfinderJavaOpts(), args, setup.coredns(), setup.cores());
        long started = System.nanoTime();
        RunningServer server = Launchers.start(ServerKind.WAYFINDER, s, spawned);
        try {
            Duration first = AnswerCheck.awaitReady(server, data.names());
            Duration ready = ServerProbe.awaitReadyz(server, started)
                    .orElseThrow(() -> new IllegalStateException("wayfinder dns never reported ready:\n" + server.logTail()));
            List<Double> perSecond = perSecond(server.port());
            return String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s | %s | %s |", run, warm ? "on (default)" : "off",
                    DnsCompareBench.seconds(first), DnsCompareBench.seconds(ready), qps(perSecond, 0), qps(perSecond, 1), qps(perSecond, 2),
                    qps(perSecond, 4));
        } finally {
            spawned.stop(server.process().toHandle());
        }
    }

    /** dnsperf's queries/s for each whole second of a run ({@code -S 1}). */
    private List<Double> perSecond(int port) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("dnsperf", "-s", "127.0.0.1", "-p", String.valueOf(port), "-d", queries.toString(),
                "-l", String.valueOf(SECONDS), "-S", "1"));
        cmd.addAll(shape.args());
        Path file = setup.work().resolve("dnsperf-startup-" + port + ".txt");
        Process p = spawned.start(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(file.toFile()));
        if (!p.waitFor(SECONDS + 30L, TimeUnit.SECONDS)) {
            spawned.stop(p.toHandle());
            throw new IllegalStateException("dnsperf did not finish: " + String.join(" ", cmd));
        }
        List<Double> out = new ArrayList<>();
        Matcher m = INTERVAL.matcher(Files.readString(file));
        while (m.find()) {
            out.add(Double.parseDouble(m.group(1)));
        }
        return out;
    }

    private static String qps(List<Double> perSecond, int i) {
        return i < perSecond.size() ? String.format(Locale.ROOT, "%,.0f", perSecond.get(i)) : "—";
    }
}
