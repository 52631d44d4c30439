package dev.wayfinder.bench.dnscompare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the servers and dnsperf run. {@code shared}: everything on every core, as issue 15 measured; with
 * dnsperf beside the server on a small machine the load generator is the ceiling, so the best servers all
 * land at its rate. {@code split}: the servers pinned to the first half of the cores and dnsperf to the
 * rest ({@code taskset}), each server sized to its half, so what is measured is the server.
 */
record Placement(String name, Optional<String> serverCpus, Optional<String> clientCpus, int serverCores) {

    static final List<String> NAMES = List.of("shared", "split");

    static Placement of(String name, int cores) {
        return switch (name) {
            case "shared" -> new Placement(name, Optional.empty(), Optional.empty(), cores);
            case "split" -> {
                if (cores < 2) {
                    throw new IllegalArgumentException("--placement split needs at least 2 cores; this machine has " + cores);
                }
                if (Launchers.which("taskset").isEmpty()) {
                    throw new IllegalArgumentException("--placement split needs taskset (apt-get install util-linux)");
                }
                int half = cores / 2;
                yield new Placement(name, Optional.of(cpus(0, half - 1)), Optional.of(cpus(half, cores - 1)), half);
            }
            default -> throw new IllegalArgumentException("unknown placement '" + name + "'; one of " + String.join(", ", NAMES));
        };
    }

    private static String cpus(int from, int to) {
        return from == to ? String.valueOf(from) : from + "-" + to;
    }

    /** {@code command} as the placement runs a server. */
    List<String> server(List<String> command) {
        return pinned(serverCpus, command);
    }

    /** {@code command} as the placement runs dnsperf. */
    List<String> client(List<String> command) {
        return pinned(clientCpus, command);
    }

    private static List<String> pinned(Optional<String> cpus, List<String> command) {
        if (cpus.isEmpty()) {
            return command;
        }
        List<String> pinned = new ArrayList<>(List.of("taskset", "-c", cpus.get()));
        pinned.addAll(command);
        return pinned;
    }

    @Override
    public String toString() {
        return serverCpus.map(s -> String.format(Locale.ROOT, "split: servers on CPU %s (%d worker%s each), dnsperf on CPU %s", s, serverCores,
                serverCores == 1 ? "" : "s", clientCpus.orElseThrow())).orElse("shared: servers and dnsperf on all " + serverCores + " cores");
    }
}
