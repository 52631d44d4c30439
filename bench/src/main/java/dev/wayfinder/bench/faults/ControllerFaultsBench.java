package dev.wayfinder.bench.faults;

import dev.wayfinder.faults.ApiLinkCutRow;
import dev.wayfinder.faults.CompactionStormRow;
import dev.wayfinder.faults.ControllerUnderTest;
import dev.wayfinder.faults.EtcdOutageRow;
import dev.wayfinder.faults.EtcdRestoreRow;
import dev.wayfinder.faults.MidApplyKillRow;
import dev.wayfinder.faults.MockApi;
import dev.wayfinder.faults.Rig;
import dev.wayfinder.faults.TcpLink;
import dev.wayfinder.faults.TwoWritersRow;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The controller's rows of the fault suite (issue 14), full form: each row starts a real etcd, fabric8's
 * CRUD mock API and {@code wayfinder controller} in a JVM of its own ({@code -Xmx512m}, its log in
 * {@code bench/target/faults-controller/}), does its damage and prints its figure; a Markdown table for
 * RELIABILITY.md comes last. The CI runs the short form of every row as tests
 * ({@code src/test/.../system/reliability}), with the same drivers (the controller's test-jar,
 * {@code dev.wayfinder.faults}).
 *
 * <p>Usage: {@code bench/faults-controller.sh [rows] [outages] [names]}: rows from outage, restore, compaction,
 * apicut, kill, writers (default all); outages in seconds (default 3,30,150); names for the kill row (2,000).
 */
public final class ControllerFaultsBench {

    private static final Duration LIMIT = Duration.ofSeconds(120);

    private final PrintStream out = System.out;
    private final Path work;
    private final List<String> table = new ArrayList<>();
    private int logs;

    private ControllerFaultsBench(Path work) {
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        List<String> rows = List.of((args.length > 0 ? args[0] : "outage,restore,compaction,apicut,kill,writers").split(","));
        List<Integer> outages = java.util.Arrays.stream((args.length > 1 ? args[1] : "3,30,150").split(",")).map(Integer::parseInt).toList();
        int names = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        ControllerFaultsBench bench = new ControllerFaultsBench(Files.createDirectories(Path.of("bench/target/faults-controller")));
        bench.out.printf("%d processors, %s, load average %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.version"), Files.readString(Path.of("/proc/loadavg")).trim());
        for (String row : rows) {
            switch (row.trim()) {
                case "outage" -> bench.outages(outages);
                case "restore" -> bench.restore();
                case "compaction" -> bench.compaction();
                case "apicut" -> bench.apiCut();
                case "kill" -> bench.kill(names);
                case "writers" -> bench.writers();
                default -> throw new IllegalArgumentException("unknown row '" + row + "'");
            }
        }
        bench.out.println("\n| experiment | what must hold | figure |\n|---|---|---|");
        bench.table.forEach(bench.out::println);
    }

    /** The controller in its own JVM against the rig's API and etcd; its log in the work directory. */
    private ControllerUnderTest controller(Rig rig, String... extra) throws IOException {
        Map<String, String> env = new HashMap<>(rig.env());
        env.putAll(MockApi.env(rig.api.address()));
        return ControllerUnderTest.process(rig.args(extra), env, log());
    }

    private Path log() {
        return work.resolve("controller-" + (++logs) + ".log");
    }

    private void outages(List<Integer> seconds) throws Exception {
        try (Rig rig = Rig.start()) {
            rig.fleet.create(0, 500);
            Path log = work.resolve("controller-" + (logs + 1) + ".log");
            try (ControllerUnderTest c = controller(rig)) {
                int base = 500;
                for (int s : seconds) {
                    long before = warnings(log);
                    EtcdOutageRow.Result r = EtcdOutageRow.run(rig, c, Duration.ofSeconds(s), 20, base, LIMIT);
                    base += 20;
                    long warned = warnings(log) - before;
                    String figure = r.figure() + "; " + warned + " WARN lines in the controller's log";
                    out.println("etcd outage: " + figure);
                    table.add("| etcd SIGKILL, back after " + s + " s (500 names; 20 changed, created and deleted meanwhile) | a pass fails and "
                            + "the metrics and /readyz say so within seconds; current ≤ 2 s after etcd's return; 0 lost, 0 ghosts | " + figure + " |");
                }
            }
        }
    }

    private static long warnings(Path log) throws IOException {
        return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.contains(" WARN ")).count() : 0;
    }

    private void restore() throws Exception {
        try (Rig rig = Rig.start()) {
            rig.fleet.create(0, 500);
            try (ControllerUnderTest c = controller(rig)) {
                for (EtcdRestoreRow.Result r : List.of(EtcdRestoreRow.reloaded(rig, 20, 500, LIMIT), EtcdRestoreRow.wiped(rig, LIMIT))) {
                    out.println("etcd restore: " + r.figure());
                    table.add("| etcd " + r.kind() + " (500 names) | current ≤ 2 s after etcd's return; 0 lost, 0 ghosts | " + r.figure() + " |");
                }
            }
        }
    }

    private void compaction() throws Exception {
        try (Rig rig = Rig.start()) {
            rig.fleet.create(0, 2000);
            try (ControllerUnderTest c = controller(rig)) {
                CompactionStormRow.Result r = CompactionStormRow.run(rig, c, Duration.ofSeconds(30), Duration.ofMillis(20), LIMIT);
                out.println("compaction storm: " + r.figure());
                table.add("| compaction every 20 ms for 30 s while Services change (2,000 names) | current promptly after the storm; 0 lost,"
                        + " 0 ghosts | " + r.figure() + " |");
            }
        }
    }

    private void apiCut() throws Exception {
        Duration relist = Duration.ofSeconds(30);
        try (Rig rig = Rig.start(); TcpLink link = new TcpLink(rig.api.address())) {
            rig.fleet.create(0, 500);
            Map<String, String> env = new HashMap<>(rig.env());
            env.putAll(MockApi.env(link.address()));
            try (ControllerUnderTest c = ControllerUnderTest.process(rig.args("--relist-interval=" + relist.toSeconds() + "s"), env, log())) {
                ApiLinkCutRow.Result r = ApiLinkCutRow.run(rig, link, c, Duration.ofSeconds(60), 50, 500, relist, LIMIT);
                out.println("API link cut: " + r.figure());
                table.add("| API link cut for 60 s, 50 of 500 Services deleted meanwhile (--relist-interval 30s) | every missed deletion"
                        + " corrected within the re-list interval of the link's return | " + r.figure() + " |");
            }
        }
    }

    private void kill(int names) throws Exception {
        try (Rig rig = Rig.start()) {
            Path dir = Files.createDirectories(work.resolve("kill"));
            MidApplyKillRow.Result r = MidApplyKillRow.run(rig, dir, names, 100, LIMIT);
            out.println("kill mid-apply: " + r.figure());
            table.add("| controller JVM SIGKILLed mid-apply of " + names + " names; 100 deleted, changed and created before the next starts"
                    + " | the next converges to exactly the desired names | " + r.figure() + " |");
        }
    }

    private void writers() throws Exception {
        try (Rig rig = Rig.start()) {
            rig.fleet.create(0, 500);
            ControllerUnderTest first = controller(rig);
            try {
                TwoWritersRow.Result r = TwoWritersRow.run(rig, first, () -> controller(rig), 500, 500, Duration.ofSeconds(60), LIMIT);
                out.println("two writers: " + r.figure());
                table.add("| a second controller with the same owner id (its own JVM) started during 500 racing creates; then the first"
                        + " SIGKILLed | detected within seconds, no flapping, no Warning Event; the second takes over | " + r.figure() + " |");
            } finally {
                first.close();
            }
        }
    }
}
