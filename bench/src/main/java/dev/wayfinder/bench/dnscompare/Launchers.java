package dev.wayfinder.bench.dnscompare;

import dev.wayfinder.demo.net.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How each server is configured and started: its own directory under the run's temporary directory,
 * a free loopback port, output to {@code server.log} there. Every server gets as many workers as the
 * machine has cores, or as its placement gives it (NSD's default is one, BIND's and Knot's every online core,
 * pinned or not), and no rate limiting.
 */
final class Launchers {

    /** What every launch needs; {@code zoneFile} holds the same names as etcd. */
    record Setup(Path work, Path zoneFile, String etcdUrl, Optional<ProcessHandle> etcd, Path wayfinderJar,
                 List<String> wayfinderJavaOpts, List<String> wayfinderArgs, Optional<Path> coredns, Placement placement) {

        /** This setup with other data or other {@code wayfinder dns} flags. */
        Setup with(Path zone, List<String> args) {
            return new Setup(work, zone, etcdUrl, etcd, wayfinderJar, wayfinderJavaOpts, args, coredns, placement);
        }

        Setup with(Placement where) {
            return new Setup(work, zoneFile, etcdUrl, etcd, wayfinderJar, wayfinderJavaOpts, wayfinderArgs, coredns, where);
        }
    }

    /**
     * The image's JVM options (Dockerfile: {@code JDK_JAVA_OPTIONS}), with {@code -XX:MaxRAM=512m}
     * standing in for the chart's 512 MiB memory limit of {@code wayfinder dns}, so the heap is sized
     * as in the pod (75 %: 384 MiB); G1 as the JVM picks on two cores.
     */
    static final List<String> PRODUCTION_JAVA_OPTS = List.of("-XX:MaxRAM=512m", "-XX:MaxRAMPercentage=75", "-XX:+UseG1GC",
            "-XX:-UsePerfData", "-XX:+ExitOnOutOfMemoryError");

    private Launchers() {
    }

    static RunningServer start(ServerKind kind, Setup s, Spawned spawned) throws IOException {
        int port = Ports.freeUdpAndTcp();
        int opsPort = kind == ServerKind.WAYFINDER ? Ports.freeUdpAndTcp() : 0;
        Path dir = Files.createDirectories(s.work().resolve(kind.id + "-" + port));
        List<String> command = switch (kind) {
            case WAYFINDER -> wayfinder(s, port, opsPort);
            case COREDNS_CACHE, COREDNS -> coredns(s, dir, port, kind == ServerKind.COREDNS_CACHE);
            case KNOT -> List.of(tool("knotd"), "-c", write(dir, "knot.conf", knotConf(dir, port, s.zoneFile(), s.placement().serverCores())));
            case NSD -> List.of(tool("nsd"), "-d", "-c", write(dir, "nsd.conf", nsdConf(dir, port, s.zoneFile(), s.placement().serverCores())));
            case BIND -> List.of(tool("named"), "-g", "-n", String.valueOf(s.placement().serverCores()), "-c", write(dir, "named.conf", namedConf(dir, port, s.zoneFile())));
        };
        Path log = dir.resolve("server.log");
        ProcessBuilder builder = new ProcessBuilder(s.placement().server(command)).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("WAYFINDER_LOG_LEVEL", "INFO"); // the server's default, not the harness's quieter level
        Process p = spawned.start(builder);
        return new RunningServer(kind, p, port, log, s.etcd(), opsPort);
    }

    /** A program on PATH, or in the sbin directories where Debian puts servers (not on a non-root PATH). */
    static Optional<Path> which(String program) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/local/sbin"));
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, program)).filter(Files::isExecutable).findFirst();
    }

    private static String write(Path dir, String file, String text) throws IOException {
        return Files.writeString(dir.resolve(file), text).toString();
    }

    private static String tool(String program) {
        return which(program).map(Path::toString).orElseThrow(() -> new IllegalStateException(program + " not found"));
    }

    /** What {@code ./wayfinder dns} runs (the demo module's jar), in its own JVM with production options. */
    private static List<String> wayfinder(Setup s, int port, int opsPort) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(s.wayfinderJavaOpts());
        cmd.addAll(List.of("-jar", s.wayfinderJar().toString(), "dns", "--listen", "127.0.0.1:" + port, "--zone", BenchData.ZONE,
                "--etcd-endpoints", s.etcdUrl(), "--etcd-prefix", BenchData.PREFIX, "--upstream", "none",
                "--ops-listen", "127.0.0.1:" + opsPort));
        cmd.addAll(s.wayfinderArgs());
        return cmd;
    }

    private static List<String> coredns(Setup s, Path dir, int port, boolean cache) throws IOException {
        Path binary = s.coredns().orElseThrow(() -> new IllegalStateException("CoreDNS is selected but not found"));
        Path conf = Files.writeString(dir.resolve("Corefile"), corefile(port, s.etcdUrl(), cache));
        return List.of(binary.toString(), "-conf", conf.toString());
    }

    /**
     * Stock CoreDNS: the etcd plugin over the zone, with or without {@code cache 30}, and nothing else (the
     * chart's Corefile adds {@code errors}, {@code log} and {@code prometheus}, which would only slow it down).
     */
    static String corefile(int port, String etcdUrl, boolean cache) {
        return BenchData.ZONE + ":" + port + " {\n"
                + "    bind 127.0.0.1\n"
                + "    etcd " + BenchData.ZONE + " {\n"
                + "        path " + BenchData.PREFIX + "\n"
                + "        endpoint " + etcdUrl + "\n"
                + "    }\n"
                + (cache ? "    cache 30\n" : "")
                + "}\n";
    }

    /** Knot DNS: the zone file as is (no journal, never written back); no {@code mod-rrl}, so no rate limiting. */
    static String knotConf(Path dir, int port, Path zoneFile, int workers) {
        return """
                server:
                    rundir: "%1$s"
                    listen: 127.0.0.1@%2$d
                    udp-workers: %5$d
                    tcp-workers: %5$d
                database:
                    storage: "%1$s/db"
                log:
                  - target: stderr
                    any: warning
                zone:
                  - domain: %3$s
                    file: "%4$s"
                    storage: "%1$s"
                    zonefile-load: whole
                    zonefile-sync: -1
                    journal-content: none
                """.formatted(dir, port, BenchData.ZONE, zoneFile, workers);
    }

    /**
     * NSD: {@code rrl-ratelimit: 0} turns response rate limiting off (it is on by default and would drop
     * most of a benchmark's answers); one server process per core with {@code SO_REUSEPORT};
     * {@code minimal-responses} so answers carry no NS and glue, as everyone else's here.
     */
    static String nsdConf(Path dir, int port, Path zoneFile, int cores) {
        return """
                server:
                    ip-address: 127.0.0.1@%2$d
                    username: ""
                    chroot: ""
                    zonesdir: "%1$s"
                    database: ""
                    pidfile: "%1$s/nsd.pid"
                    xfrdfile: "%1$s/xfrd.state"
                    zonelistfile: "%1$s/zone.list"
                    xfrdir: "%1$s"
                    server-count: %5$d
                    reuseport: yes
                    rrl-ratelimit: 0
                    rrl-whitelist-ratelimit: 0
                    minimal-responses: yes
                    verbosity: 1
                remote-control:
                    control-enable: no
                zone:
                    name: %3$s
                    zonefile: "%4$s"
                """.formatted(dir, port, BenchData.ZONE, zoneFile, cores);
    }

    /** BIND: authoritative only; {@code minimal-responses yes} so answers carry no NS and glue; no rate limiting (its default). */
    static String namedConf(Path dir, int port, Path zoneFile) {
        return """
                options {
                    directory "%1$s";
                    pid-file "%1$s/named.pid";
                    session-keyfile "%1$s/session.key";
                    listen-on port %2$d { 127.0.0.1; };
                    listen-on-v6 { none; };
                    recursion no;
                    minimal-responses yes;
                    dnssec-validation no;
                    notify no;
                };
                controls { };
                zone "%3$s" { type primary; file "%4$s"; };
                """.formatted(dir, port, BenchData.ZONE, zoneFile);
    }
}
