package dev.wayfinder.bench.dnscompare;

import dev.wayfinder.demo.coredns.CoreDnsBinary;
import dev.wayfinder.provider.etcd.testing.EtcdProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Issue 15's side-by-side comparison, in one run: {@code wayfinder dns} and stock CoreDNS (with and
 * without {@code cache 30}) over a real etcd, and Knot DNS, NSD and BIND over a zone file holding the
 * same records, each under the same dnsperf load shapes, taking turns round by round so that load
 * from elsewhere on the machine falls on all of them alike. Prints each server's queries/s, average
 * and p99 latency and its ratios to the best of Knot, NSD and BIND, as Markdown.
 *
 * <p>Run through {@code bench/dns-compare.sh}, which builds the jar, gives this a temporary
 * directory and cleans up after it.
 */
@Command(name = "bench/dns-compare.sh", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Side by side: `wayfinder dns` (etcd), CoreDNS etcd (+ cache 30), Knot DNS, NSD and BIND (zone file) under dnsperf.")
public final class DnsCompareBench implements Callable<Integer> {

    private static final Map<String, String> DEFAULT_SHAPES = defaultShapes();

    @Option(names = "--names", split = ",", defaultValue = "1000,100000",
            description = "Name counts, each a separate data set (2 A records per name). Default: ${DEFAULT-VALUE}")
    List<Integer> names;

    @Option(names = "--quick", description = "Shorter runs to check the harness: 2 rounds of 4 s, 2 s p99 runs, 2 s warm-up (explicit options still win).")
    boolean quick;

    @Option(names = "--rounds", description = "Rounds per load shape; each server runs once per round. Default: 3 (quick: 2)")
    Integer rounds;

    @Option(names = "--seconds", description = "Length of each timed dnsperf run. Default: 10 (quick: 4)")
    Integer seconds;

    @Option(names = "--p99-seconds", description = "Length of the dnsperf -v run after each timed run, for the p99. Default: 3 (quick: 2)")
    Integer p99Seconds;

    @Option(names = "--warmup-seconds", description = "Untimed dnsperf run per server before the first round (JIT, caches). Default: 5 (quick: 2)")
    Integer warmupSeconds;

    @Option(names = "--startup-runs", defaultValue = "0",
            description = "Before the comparison, start `wayfinder dns` this many times with its JIT warm-up and as many without, "
                    + "and print the first seconds' queries/s from /readyz on. Default: ${DEFAULT-VALUE}")
    int startupRuns;

    @Option(names = "--servers", split = ",", description = "Which servers, of wayfinder,coredns-cache,coredns,knot,nsd,bind. Default: all")
    List<String> servers = new ArrayList<>(List.of(ServerKind.ids().split(",")));

    @Option(names = "--placement", split = ",", description = "Where servers and dnsperf run: shared (all on every core, as issue 15 "
            + "measured), split (servers on the first half of the cores, dnsperf on the rest, via taskset), or both in turn. Default: ${DEFAULT-VALUE}")
    List<String> placements = new ArrayList<>(List.of("shared"));

    @Option(names = "--shape", paramLabel = "NAME=DNSPERF_OPTIONS", description = "A load shape (repeatable; replaces the defaults): "
            + "c8=\"-c 8 -T 1\" (issue 15's) and c64=\"-c 64 -T 2 -q 1000\".")
    Map<String, String> shapes = new LinkedHashMap<>();

    @Option(names = "--work", required = true, description = "Temporary directory for configurations, data and logs (the script's, removed on exit).")
    Path work;

    @Option(names = "--wayfinder-jar", defaultValue = "demo/target/wayfinder.jar", description = "The jar ./wayfinder runs. Default: ${DEFAULT-VALUE}")
    Path wayfinderJar;

    @Option(names = "--report", description = "Also write the report (what is printed) to this file.")
    Path report;

    /** gRPC (the etcd client) logs through java.util.logging; its keepalive chatter would break up the tables. Held so it is not collected. */
    private static final java.util.logging.Logger GRPC_LOG = java.util.logging.Logger.getLogger("io.grpc");

    public static void main(String[] args) {
        GRPC_LOG.setLevel(java.util.logging.Level.SEVERE);
        System.exit(new CommandLine(new DnsCompareBench()).execute(args));
    }

    private static Map<String, String> defaultShapes() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("c8", "-c 8 -T 1");
        m.put("c64", "-c 64 -T 2 -q 1000");
        return m;
    }

    @Override
    public Integer call() throws Exception {
        Settings settings = settings();
        Optional<Path> coredns = CoreDnsBinary.find().map(CoreDnsBinary::path);
        settings.servers().forEach(kind -> checkInstalled(kind, coredns));
        Spawned spawned = new Spawned(work.resolve("pids"));
        if (report != null) {
            Files.createDirectories(report.toAbsolutePath().getParent());
            Files.deleteIfExists(report);
        }
        say(header(settings, coredns));
        try (EtcdProcess etcd = EtcdProcess.start()) {
            Optional<ProcessHandle> etcdHandle = ProcessHandle.current().children()
                    .filter(h -> h.info().command().map(c -> c.endsWith("etcd")).orElse(false)).findFirst();
            etcdHandle.ifPresent(spawned::adopt);
            Launchers.Setup base = new Launchers.Setup(work, work, etcd.clientUrl(), etcdHandle, wayfinderJar.toAbsolutePath(),
                    settings.wayfinderJavaOpts(), settings.wayfinderArgs(), coredns, settings.placements().get(0));
            for (int n : names) {
                new SizeRun(settings, new BenchData(n), base, etcd, spawned).run(this::say);
            }
        }
        say("Load average after: " + MachineInfo.loadAverage() + "\n");
        return 0;
    }

    /** The effective settings: the quick presets where an option was not given. */
    record Settings(List<ServerKind> servers, List<Dnsperf.Shape> shapes, int rounds, int seconds, int p99Seconds, int warmupSeconds,
                    List<String> wayfinderJavaOpts, List<String> wayfinderArgs, int startupRuns, List<Placement> placements) {
    }

    private Settings settings() {
        List<Dnsperf.Shape> chosen = new ArrayList<>();
        (shapes.isEmpty() ? DEFAULT_SHAPES : shapes).forEach((name, args) -> chosen.add(Dnsperf.Shape.parse(name, args)));
        String javaOpts = System.getenv().getOrDefault("WAYFINDER_JAVA_OPTS", "").trim();
        String dnsArgs = System.getenv().getOrDefault("WAYFINDER_DNS_ARGS", "").trim();
        return new Settings(servers.stream().map(String::trim).map(ServerKind::byId).distinct().toList(), chosen,
                pick(rounds, 3, 2), pick(seconds, 10, 4), pick(p99Seconds, 3, 2), pick(warmupSeconds, 5, 2),
                javaOpts.isEmpty() ? Launchers.PRODUCTION_JAVA_OPTS : List.of(javaOpts.split("\\s+")),
                dnsArgs.isEmpty() ? List.of() : List.of(dnsArgs.split("\\s+")), startupRuns, placements());
    }

    private List<Placement> placements() {
        int cores = Runtime.getRuntime().availableProcessors();
        try {
            return placements.stream().map(String::trim).distinct().map(name -> Placement.of(name, cores)).toList();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
    }

    private int pick(Integer given, int full, int quickValue) {
        return given != null ? given : quick ? quickValue : full;
    }

    private static void checkInstalled(ServerKind kind, Optional<Path> coredns) {
        String missing = switch (kind) {
            case WAYFINDER -> null;
            case COREDNS, COREDNS_CACHE -> coredns.isEmpty() ? CoreDnsBinary.whyMissing() : null;
            case KNOT -> Launchers.which("knotd").isEmpty() ? "knotd not found (apt-get install knot)" : null;
            case NSD -> Launchers.which("nsd").isEmpty() ? "nsd not found (apt-get install nsd)" : null;
            case BIND -> Launchers.which("named").isEmpty() ? "named not found (apt-get install bind9)" : null;
        };
        if (missing != null) {
            throw new CommandLine.ParameterException(new CommandLine(new DnsCompareBench()),
                    missing + "; or leave " + kind.id + " out with --servers");
        }
    }

    private String header(Settings s, Optional<Path> coredns) {
        StringBuilder sb = new StringBuilder();
        sb.append("## Side by side: `wayfinder dns` and the authoritative anchors — ")
                .append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"))).append("\n\n");
        sb.append(String.format(Locale.ROOT, "- names: %s (2 A records each, TTL %d; %d %% of the queries are for absent names)%n",
                String.join(" and ", names.stream().map(n -> String.format(Locale.ROOT, "%,d", n)).toList()), BenchData.TTL,
                BenchData.NXDOMAIN_PERCENT));
        sb.append("- load shapes: ").append(String.join("; ", s.shapes().stream().map(Dnsperf.Shape::toString).toList())).append('\n');
        sb.append(String.format(Locale.ROOT, "- %d round(s) per shape, %d s per timed run, servers taking turns (order rotated each round); "
                + "p99 from a %d s `dnsperf -v` run right after each timed run; %d s warm-up per server first%s%n",
                s.rounds(), s.seconds(), s.p99Seconds(), s.warmupSeconds(), quick ? " (--quick)" : ""));
        sb.append("- placements: ").append(String.join("; ", s.placements().stream().map(Placement::toString).toList())).append('\n');
        sb.append("- servers: ").append(String.join(", ", s.servers().stream().map(k -> k.label).toList())).append('\n');
        sb.append("- `wayfinder dns`: java ").append(String.join(" ", s.wayfinderJavaOpts())).append(" -jar ").append(wayfinderJar)
                .append(" dns …").append(s.wayfinderArgs().isEmpty() ? "" : " " + String.join(" ", s.wayfinderArgs())).append('\n');
        sb.append(MachineInfo.describe(coredns));
        sb.append("- load average before: ").append(MachineInfo.loadAverage()).append("\n");
        return sb.toString();
    }

    /** Prints a part of the report and appends it to the report file. */
    private void say(String text) {
        System.out.println(text);
        System.out.flush();
        if (report != null) {
            try {
                Files.writeString(report, text + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("could not write " + report, e);
            }
        }
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
