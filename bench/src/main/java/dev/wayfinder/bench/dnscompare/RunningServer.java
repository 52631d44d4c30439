package dev.wayfinder.bench.dnscompare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A server the harness started: where it answers, its log, and the CPU time it (and what it forked) has used;
 * {@code opsPort} is where {@code wayfinder dns} serves /metrics and /readyz (0 for the others).
 */
record RunningServer(ServerKind kind, Process process, int port, Path log, Optional<ProcessHandle> etcd, int opsPort) {

    /**
     * CPU time so far, user + system, of the server and its forked workers (NSD's); for a server
     * that reads etcd, etcd's as well, since every query CoreDNS does not cache costs etcd work.
     */
    long cpuNanos() {
        Stream<ProcessHandle> own = Stream.concat(Stream.of(process.toHandle()), process.toHandle().descendants());
        Stream<ProcessHandle> counted = kind.readsEtcd() ? Stream.concat(own, etcd.stream()) : own;
        return counted.mapToLong(h -> h.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
    }

    List<ProcessHandle> forkedWorkers() {
        return process.toHandle().descendants().toList();
    }

    /** The last lines of the server's log, for error messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ": " + e.getMessage() + ")";
        }
    }
}
