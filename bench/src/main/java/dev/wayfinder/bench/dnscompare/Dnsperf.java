package dev.wayfinder.bench.dnscompare;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * dnsperf 2.10 on loopback UDP: a plain run gives queries/s, the average latency, losses, response
 * codes and the average response size; dnsperf prints no percentiles, so a separate run with
 * {@code -v} (one line per answered query, with its latency in microseconds) gives the p99.
 */
final class Dnsperf {

    /** A load shape: a name for the tables and the dnsperf options that make it. */
    record Shape(String name, List<String> args) {
        static Shape parse(String name, String args) {
            return new Shape(name, List.of(args.trim().split("\\s+")));
        }

        @Override
        public String toString() {
            return name + " (dnsperf " + String.join(" ", args) + ")";
        }
    }

    /** What one plain run printed. */
    record Result(long sent, long completed, long lost, double qps, double avgLatencySeconds, Map<String, Long> rcodes,
                  double responseBytes) {
        long rcode(String code) {
            return rcodes.getOrDefault(code, 0L);
        }
    }

    /**
     * What one verbose run's per-query lines give: the 99th percentile over all queries, a timed-out one
     * counting as slower than any answer (infinite when more than 1 % timed out), and the mean of the answered.
     */
    record Latencies(long answered, long timedOut, double p99Seconds, double avgSeconds) {
    }

    private static final Pattern SENT = Pattern.compile("Queries sent:\\s+(\\d+)");
    private static final Pattern COMPLETED = Pattern.compile("Queries completed:\\s+(\\d+)");
    private static final Pattern LOST = Pattern.compile("Queries lost:\\s+(\\d+)");
    private static final Pattern QPS = Pattern.compile("Queries per second:\\s+([0-9.]+)");
    private static final Pattern AVG = Pattern.compile("Average Latency \\(s\\):\\s+([0-9.]+)");
    private static final Pattern RCODES = Pattern.compile("Response codes:[ \\t]*(.*)");
    private static final Pattern RCODE = Pattern.compile("([A-Z]+) (\\d+) \\(");
    private static final Pattern RESPONSE_SIZE = Pattern.compile("Average packet size:\\s+request \\d+, response (\\d+)");

    private final Path out;
    private final Placement placement;

    /** @param out where dnsperf's output files go (the run's temporary directory); {@code placement} says where dnsperf runs */
    Dnsperf(Path out, Placement placement) {
        this.out = out;
        this.placement = placement;
    }

    Result run(Spawned spawned, int port, Path queries, int seconds, Shape shape) throws IOException, InterruptedException {
        return parse(Files.readString(execute(spawned, port, queries, seconds, shape, false)));
    }

    Latencies runVerbose(Spawned spawned, int port, Path queries, int seconds, Shape shape) throws IOException, InterruptedException {
        Path file = execute(spawned, port, queries, seconds, shape, true);
        try {
            return latencies(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private Path execute(Spawned spawned, int port, Path queries, int seconds, Shape shape, boolean verbose)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("dnsperf", "-s", "127.0.0.1", "-p", String.valueOf(port), "-d", queries.toString(),
                "-l", String.valueOf(seconds)));
        cmd.addAll(shape.args());
        if (verbose) {
            cmd.add("-v");
        }
        Path file = out.resolve("dnsperf-" + port + (verbose ? "-v" : "") + ".txt");
        Process p = spawned.start(new ProcessBuilder(placement.client(cmd)).redirectErrorStream(true).redirectOutput(file.toFile()));
        if (!p.waitFor(seconds + 30L, TimeUnit.SECONDS)) {
            spawned.stop(p.toHandle());
            throw new IllegalStateException("dnsperf did not finish: " + String.join(" ", cmd));
        }
        spawned.stop(p.toHandle());
        if (p.exitValue() != 0) {
            throw new IllegalStateException("dnsperf failed (exit " + p.exitValue() + "): " + String.join(" ", cmd) + "\n" + Files.readString(file));
        }
        return file;
    }

    static Result parse(String text) {
        Map<String, Long> rcodes = new LinkedHashMap<>();
        Matcher codes = RCODES.matcher(text);
        if (codes.find()) {
            Matcher m = RCODE.matcher(codes.group(1));
            while (m.find()) {
                rcodes.put(m.group(1), Long.parseLong(m.group(2)));
            }
        }
        Matcher size = RESPONSE_SIZE.matcher(text);
        return new Result(number(SENT, text).longValue(), number(COMPLETED, text).longValue(), number(LOST, text).longValue(),
                number(QPS, text), number(AVG, text), rcodes, size.find() ? Double.parseDouble(size.group(1)) : Double.NaN);
    }

    /**
     * The nearest-rank 99th percentile (and the mean) of the latencies on {@code -v}'s per-query lines,
     * {@code > RCODE NAME TYPE SECONDS}; a query that timed out ({@code > T NAME TYPE}) ranks above every answer.
     */
    static Latencies latencies(Path verboseOutput) throws IOException {
        int[] micros = new int[1 << 16];
        int n = 0;
        long timedOut = 0;
        long sum = 0;
        try (BufferedReader r = Files.newBufferedReader(verboseOutput, StandardCharsets.US_ASCII)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                int us = latencyMicros(line);
                if (us == NOT_A_QUERY) {
                    continue;
                }
                if (n == micros.length) {
                    micros = Arrays.copyOf(micros, n * 2);
                }
                micros[n++] = us;
                if (us == TIMED_OUT) {
                    timedOut++;
                } else {
                    sum += us;
                }
            }
        }
        if (n == timedOut) {
            throw new IllegalStateException("no per-query latencies in " + verboseOutput);
        }
        Arrays.sort(micros, 0, n);
        int p99 = percentile(micros, n, 0.99);
        return new Latencies(n - timedOut, timedOut, p99 == TIMED_OUT ? Double.POSITIVE_INFINITY : p99 / 1e6, sum / 1e6 / (n - timedOut));
    }

    /** Nearest rank: the smallest value with at least {@code q} of the {@code n} sorted values at or below it. */
    static int percentile(int[] sorted, int n, double q) {
        return sorted[Math.max(0, (int) Math.ceil(q * n) - 1)];
    }

    static final int NOT_A_QUERY = -1;
    static final int TIMED_OUT = Integer.MAX_VALUE;

    /**
     * The latency of one {@code -v} line in whole microseconds (dnsperf prints six decimals);
     * {@link #TIMED_OUT} for a timed-out query, {@link #NOT_A_QUERY} for any other line.
     */
    static int latencyMicros(String line) {
        if (!line.startsWith("> ")) {
            return NOT_A_QUERY;
        }
        String[] fields = line.split(" ");
        if (fields.length == 4 && fields[1].equals("T")) {
            return TIMED_OUT;
        }
        if (fields.length != 5) {
            return NOT_A_QUERY;
        }
        try {
            return (int) Math.round(Double.parseDouble(fields[4]) * 1e6);
        } catch (NumberFormatException e) {
            return NOT_A_QUERY;
        }
    }

    private static Double number(Pattern p, String text) {
        Matcher m = p.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("dnsperf's output lacks " + p.pattern() + ":\n" + text);
        }
        return Double.valueOf(m.group(1));
    }
}
