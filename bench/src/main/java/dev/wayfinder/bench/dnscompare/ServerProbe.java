package dev.wayfinder.bench.dnscompare;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What {@code wayfinder dns} reports about itself on its ops port: when /readyz first says ready (the JIT
 * warm-up done), and its live heap after a full GC (asked for with {@code jcmd GC.run}), as /metrics gives it.
 */
final class ServerProbe {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ServerProbe() {
    }

    /** Polls /readyz every 20 ms; the time from {@code startNanos} to the first 200, or empty after two minutes. */
    static Optional<Duration> awaitReadyz(RunningServer s, long startNanos) throws InterruptedException {
        long deadline = startNanos + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline && s.process().isAlive()) {
            if (get(s, "/readyz").map(r -> r.statusCode() == 200).orElse(false)) {
                return Optional.of(Duration.ofNanos(System.nanoTime() - startNanos));
            }
            Thread.sleep(20);
        }
        return Optional.empty();
    }

    /** The heap in use right after a full GC, in bytes, or empty when it cannot be read. */
    static Optional<Long> liveHeapBytes(RunningServer s) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process gc = new ProcessBuilder(jcmd.toString(), String.valueOf(s.process().pid()), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!gc.waitFor(60, TimeUnit.SECONDS) || gc.exitValue() != 0) {
            gc.destroyForcibly();
            return Optional.empty();
        }
        return get(s, "/metrics").map(r -> r.body().lines()
                .filter(l -> l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"heap\""))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum());
    }

    /** The share of queries answered from prepared replies so far, from /metrics, or empty. */
    static Optional<Double> preparedShare(RunningServer s) throws InterruptedException {
        return get(s, "/metrics").flatMap(r -> {
            double prepared = sum(r.body(), "wayfinder_dns_prepared_answers_total");
            double all = sum(r.body(), "wayfinder_dns_queries_total{");
            return all == 0 ? Optional.empty() : Optional.of(prepared / all);
        });
    }

    private static double sum(String metrics, String prefix) {
        return metrics.lines().filter(l -> l.startsWith(prefix)).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static Optional<HttpResponse<String>> get(RunningServer s, String path) throws InterruptedException {
        try {
            return Optional.of(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.opsPort() + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException notYet) {
            return Optional.empty();
        }
    }
}
