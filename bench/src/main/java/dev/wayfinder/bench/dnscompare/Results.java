package dev.wayfinder.bench.dnscompare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/** Per-round measurements, their medians per server, the ratios to the best anchor, and the Markdown tables. */
final class Results {

    /** One server's turn in one round: a plain dnsperf run, then a verbose one for the p99. */
    record Round(ServerKind server, int round, Dnsperf.Result plain, Dnsperf.Latencies verbose, long cpuNanos, double load) {
        double cpuMicrosPerQuery() {
            return plain.completed() == 0 ? Double.NaN : cpuNanos / 1000.0 / plain.completed();
        }
    }

    /** A server's figures over its rounds: medians of q/s, average and p99; totals of losses; CPU per completed query. */
    record Row(ServerKind server, int rounds, double qps, double avgMs, double p99Ms, long lost, long sent, double nxdomainShare,
               long otherRcodes, double responseBytes, double cpuMicrosPerQuery) {
    }

    private Results() {
    }

    static List<Row> summarize(List<Round> rounds) {
        Map<ServerKind, List<Round>> byServer = new TreeMap<>();
        rounds.forEach(r -> byServer.computeIfAbsent(r.server(), k -> new ArrayList<>()).add(r));
        List<Row> rows = new ArrayList<>();
        byServer.forEach((server, rs) -> {
            long completed = rs.stream().mapToLong(r -> r.plain().completed()).sum();
            long nx = rs.stream().mapToLong(r -> r.plain().rcode("NXDOMAIN")).sum();
            long noerror = rs.stream().mapToLong(r -> r.plain().rcode("NOERROR")).sum();
            long cpu = rs.stream().mapToLong(Round::cpuNanos).sum();
            rows.add(new Row(server, rs.size(), median(rs, r -> r.plain().qps()), median(rs, r -> r.plain().avgLatencySeconds() * 1e3),
                    median(rs, r -> r.verbose().p99Seconds() * 1e3), rs.stream().mapToLong(r -> r.plain().lost()).sum(),
                    rs.stream().mapToLong(r -> r.plain().sent()).sum(), completed == 0 ? Double.NaN : (double) nx / completed,
                    completed - nx - noerror, median(rs, r -> r.plain().responseBytes()), completed == 0 ? Double.NaN : cpu / 1000.0 / completed));
        });
        return rows;
    }

    static double median(List<Round> rounds, ToDoubleFunction<Round> f) {
        double[] v = rounds.stream().mapToDouble(f).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** The anchor with the most queries per second (its average latency is what the others are held to). */
    static Optional<Row> bestAnchor(List<Row> rows) {
        return rows.stream().filter(r -> r.server().anchor).max(Comparator.comparingDouble(Row::qps));
    }

    /**
     * One row per server, fastest first. "In flight" is q/s × average latency (Little's law): the
     * queries dnsperf kept outstanding on average; a lost query holds one of dnsperf's slots until its
     * timeout, so a server that drops some runs with fewer in flight, which lowers its average latency.
     */
    static String table(List<Row> rows) {
        Optional<Row> best = bestAnchor(rows);
        String bestName = best.map(b -> b.server().label.replace(" (zone file)", "")).orElse("best anchor");
        StringBuilder sb = new StringBuilder();
        sb.append("| server | queries/s (median) | avg latency | p99 latency | in flight | lost | NXDOMAIN | response bytes | server CPU / query | q/s ÷ ")
                .append(bestName).append(" | avg ÷ ").append(bestName).append("'s |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        List<Row> ordered = rows.stream().sorted(Comparator.comparingDouble(Row::qps).reversed()).toList();
        for (Row r : ordered) {
            sb.append(String.format(Locale.ROOT, "| %s | %,.0f | %.2f ms | %s | %,.0f | %s | %.1f %% | %.0f | %.1f µs | %s | %s |%n",
                    r.server().label, r.qps(), r.avgMs(), Double.isInfinite(r.p99Ms()) ? "timeouts" : String.format(Locale.ROOT, "%.2f ms", r.p99Ms()),
                    r.qps() * r.avgMs() / 1000, lost(r), 100 * r.nxdomainShare(), r.responseBytes(), r.cpuMicrosPerQuery(),
                    best.map(b -> ratio(r.qps() / b.qps())).orElse("—"), best.map(b -> ratio(r.avgMs() / b.avgMs())).orElse("—")));
        }
        ordered.stream().filter(r -> r.otherRcodes() > 0).forEach(r -> sb.append(String.format(Locale.ROOT,
                "%nWarning: %s answered %,d queries with neither NOERROR nor NXDOMAIN.%n", r.server().label, r.otherRcodes())));
        return sb.toString();
    }

    /**
     * Issue 15's target for {@code wayfinder dns}: at 1,000 names at least the best anchor's queries/s
     * with an average latency no worse; at 100,000 names at least 0.8 of its queries/s. Empty at other sizes.
     */
    static Optional<String> targetLine(int names, List<Row> rows) {
        Optional<Row> best = bestAnchor(rows);
        Optional<Row> ours = rows.stream().filter(r -> r.server() == ServerKind.WAYFINDER).findFirst();
        if (best.isEmpty() || ours.isEmpty() || (names != 1_000 && names != 100_000)) {
            return Optional.empty();
        }
        double want = names == 1_000 ? 1.0 : 0.8;
        double qpsRatio = ours.get().qps() / best.get().qps();
        double avgRatio = ours.get().avgMs() / best.get().avgMs();
        String line = String.format(Locale.ROOT, "Target (issue 15): `wayfinder dns` ≥ %.1f× %s's queries/s%s — here %s q/s, %s avg latency: %s.",
                want, best.get().server().label, names == 1_000 ? " with an average latency no worse" : "", ratio(qpsRatio), ratio(avgRatio),
                qpsRatio >= want && (names != 1_000 || avgRatio <= 1.0) ? "met" : "not met");
        return Optional.of(line);
    }

    static String roundLine(String shape, Round r) {
        return String.format(Locale.ROOT,
                "  %-6s round %d  %-36s %,9.0f q/s  avg %6.2f ms  p99 %s (-v run: %,.0f answers, avg %.2f ms)  lost %d  %.1f µs CPU/query  load %.2f",
                shape, r.round(), r.server().label, r.plain().qps(), r.plain().avgLatencySeconds() * 1e3,
                Double.isInfinite(r.verbose().p99Seconds()) ? "timeouts" : String.format(Locale.ROOT, "%6.2f ms", r.verbose().p99Seconds() * 1e3),
                (double) r.verbose().answered(), r.verbose().avgSeconds() * 1e3, r.plain().lost(), r.cpuMicrosPerQuery(), r.load());
    }

    private static String lost(Row r) {
        return r.lost() == 0 ? "0" : String.format(Locale.ROOT, "%,d (%.2f %%)", r.lost(), 100.0 * r.lost() / Math.max(1, r.sent()));
    }

    private static String ratio(double x) {
        return Double.isFinite(x) ? String.format(Locale.ROOT, "%.2f×", x) : "—";
    }
}
