package dev.wayfinder.bench.dnscompare;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A new replica's first seconds (issue 15's JIT warm-up): {@code wayfinder dns} started afresh on the loaded
 * data, with its warm-up and without ({@code --warm-up-queries 0}), taking turns; for each start, the time to
 * the first right answer and to /readyz, then dnsperf's queries/s in one-second runs back to back from the
 * moment /readyz says ready, as a load balancer would send traffic.
 */
final class StartupRun {

    /** One-second dnsperf runs back to back from /readyz on (dnsperf's own -S intervals are aligned to the clock, the first one short). */
    private static final int SECONDS = 5;

    private final Launchers.Setup setup;
    private final Spawned spawned;
    private final BenchData data;
    private final Path queries;
    private final Dnsperf.Shape shape;
    private final Dnsperf dnsperf;

    StartupRun(Launchers.Setup setup, Spawned spawned, BenchData data, Path queries, Dnsperf.Shape shape, Dnsperf dnsperf) {
        this.dnsperf = dnsperf;
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
        Launchers.Setup s = setup.with(setup.zoneFile(), args);
        long started = System.nanoTime();
        RunningServer server = Launchers.start(ServerKind.WAYFINDER, s, spawned);
        try {
            Duration first = AnswerCheck.awaitReady(server, data.names());
            Duration ready = ServerProbe.awaitReadyz(server, started)
                    .orElseThrow(() -> new IllegalStateException("wayfinder dns never reported ready:\n" + server.logTail()));
            List<Double> perSecond = new ArrayList<>();
            for (int second = 0; second < SECONDS; second++) {
                perSecond.add(dnsperf.run(spawned, server.port(), queries, 1, shape).qps());
            }
            return String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s | %s | %s |", run, warm ? "on (default)" : "off",
                    DnsCompareBench.seconds(first), DnsCompareBench.seconds(ready), qps(perSecond, 0), qps(perSecond, 1), qps(perSecond, 2),
                    qps(perSecond, 4));
        } finally {
            spawned.stop(server.process().toHandle());
        }
    }

    private static String qps(List<Double> perSecond, int i) {
        return i < perSecond.size() ? String.format(Locale.ROOT, "%,.0f", perSecond.get(i)) : "—";
    }
}
