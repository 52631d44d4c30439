package dev.wayfinder.bench.dnscompare;

import dev.wayfinder.provider.etcd.testing.EtcdProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * One data set (N names): load it into etcd and a zone file; then for each placement start every server
 * on it and check its answers, warm each up, and for each load shape let the servers take turns, round
 * by round, and print the table. Freshness is measured once, after the last placement.
 */
final class SizeRun {

    private final DnsCompareBench.Settings settings;
    private final BenchData data;
    private final Launchers.Setup base;
    private final EtcdProcess etcd;
    private final Spawned spawned;

    SizeRun(DnsCompareBench.Settings settings, BenchData data, Launchers.Setup base, EtcdProcess etcd, Spawned spawned) {
        this.settings = settings;
        this.data = data;
        this.base = base;
        this.etcd = etcd;
        this.spawned = spawned;
    }

    void run(Consumer<String> say) throws Exception {
        int n = data.names();
        Path dir = Files.createDirectories(base.work().resolve("data-" + n));
        Path zoneFile = data.writeZoneFile(dir);
        Path queries = data.writeQueryFile(dir);
        long keys = data.loadInto(etcd.client().getKVClient());
        say.accept(String.format(Locale.ROOT,
                "### %,d names%n%n%,d keys in etcd, %,d lines in the zone file; %,d query lines, %,d of them for absent names%n",
                n, keys, data.zoneFileLines().size(), n + data.absentNames(), data.absentNames()));
        Launchers.Setup setup = base.with(zoneFile, base.wayfinderArgs());
        List<Placement> placements = settings.placements();
        if (settings.startupRuns() > 0) {
            Placement first = placements.get(0);
            new StartupRun(setup.with(first), spawned, data, queries, settings.shapes().get(0), new Dnsperf(base.work(), first))
                    .run(settings.startupRuns(), say);
        }
        for (int i = 0; i < placements.size(); i++) {
            runPlaced(setup.with(placements.get(i)), queries, i == placements.size() - 1, say);
        }
    }

    /** Every server started in {@code setup}'s placement, the rounds of each shape, and freshness when {@code last}. */
    private void runPlaced(Launchers.Setup setup, Path queries, boolean last, Consumer<String> say) throws Exception {
        int n = data.names();
        Placement placement = setup.placement();
        Dnsperf dnsperf = new Dnsperf(base.work(), placement);
        say.accept(String.format(Locale.ROOT, "%n##### %,d names — placement %s%n", n, placement));
        List<RunningServer> running = new ArrayList<>();
        try {
            for (ServerKind kind : settings.servers()) {
                running.add(start(kind, setup, say));
            }
            for (RunningServer s : running) {
                dnsperf.run(spawned, s.port(), queries, settings.warmupSeconds(), settings.shapes().get(0));
                if (s.opsPort() != 0) {
                    ServerProbe.liveHeapBytes(s).ifPresent(b -> say.accept(String.format(Locale.ROOT,
                            "- %s: live heap after the warm-up run and a full GC: %.1f MiB", s.kind().label, b / 1048576.0)));
                }
            }
            say.accept("");
            for (Dnsperf.Shape shape : settings.shapes()) {
                List<Results.Round> rounds = new ArrayList<>();
                for (int r = 0; r < settings.rounds(); r++) {
                    for (int i = 0; i < running.size(); i++) {
                        RunningServer s = running.get((i + r) % running.size()); // rotated, so no server always goes first
                        Results.Round round = measure(s, r + 1, queries, shape, dnsperf);
                        rounds.add(round);
                        say.accept(Results.roundLine(shape.name(), round));
                    }
                }
                List<Results.Row> rows = Results.summarize(rounds);
                say.accept(String.format(Locale.ROOT, "%n#### %,d names, %s, %s placement — load average %s%n%n%s", n, shape, placement.name(),
                        MachineInfo.loadAverage(), Results.table(rows)));
                Results.targetLine(n, rows).ifPresent(say);
                for (RunningServer s : running) {
                    if (s.opsPort() != 0) {
                        ServerProbe.preparedShare(s).ifPresent(share -> say.accept(String.format(Locale.ROOT,
                                "%n%s answered %.1f %% of its queries so far from prepared replies.", s.kind().label, 100 * share)));
                    }
                }
                say.accept("");
            }
            if (last) {
                freshness(running, say);
            }
        } finally {
            running.forEach(s -> spawned.stop(s.process().toHandle()));
        }
    }

    /** After the rounds: how soon a change in etcd shows in the answers of the servers that read etcd without a cache. */
    private void freshness(List<RunningServer> running, Consumer<String> say) throws Exception {
        StringBuilder table = new StringBuilder();
        for (RunningServer s : running) {
            if (s.kind() == ServerKind.WAYFINDER || s.kind() == ServerKind.COREDNS) {
                table.append(Freshness.measure(s, etcd.client().getKVClient(), data, FRESHNESS_CHANGES));
            }
        }
        if (table.length() > 0) {
            say.accept(String.format(Locale.ROOT, "#### %,d names: etcd change → first answer showing it (asked every ms, no load)%n%n%s%s",
                    data.names(), Freshness.header(), table));
        }
    }

    private static final int FRESHNESS_CHANGES = 40;

    private RunningServer start(ServerKind kind, Launchers.Setup setup, Consumer<String> say) throws Exception {
        long started = System.nanoTime();
        RunningServer s = Launchers.start(kind, setup, spawned);
        Duration ready = AnswerCheck.awaitReady(s, data.names());
        String readyz = s.opsPort() == 0 ? "" : ServerProbe.awaitReadyz(s, started)
                .map(d -> ", ready (/readyz, after its JIT warm-up) " + DnsCompareBench.seconds(d)).orElse(", never ready (/readyz)");
        s.forkedWorkers().forEach(spawned::adopt);
        List<String> problems = AnswerCheck.problems(s, data.names());
        if (!problems.isEmpty()) {
            throw new IllegalStateException(kind.label + " on port " + s.port() + " does not answer as the data says, so it cannot be compared:\n  "
                    + String.join("\n  ", problems) + "\nits log:\n" + s.logTail());
        }
        say.accept(String.format(Locale.ROOT, "- %s: port %d, answering %s after start%s, answers checked", kind.label, s.port(),
                DnsCompareBench.seconds(ready), readyz));
        return s;
    }

    private Results.Round measure(RunningServer s, int round, Path queries, Dnsperf.Shape shape, Dnsperf dnsperf) throws Exception {
        if (!s.process().isAlive()) {
            throw new IllegalStateException(s.kind().label + " has exited:\n" + s.logTail());
        }
        double load = MachineInfo.load1();
        long cpu = s.cpuNanos();
        Dnsperf.Result plain = dnsperf.run(spawned, s.port(), queries, settings.seconds(), shape);
        cpu = s.cpuNanos() - cpu;
        Dnsperf.Latencies verbose = dnsperf.runVerbose(spawned, s.port(), queries, settings.p99Seconds(), shape);
        return new Results.Round(s.kind(), round, plain, verbose, cpu, load);
    }
}
