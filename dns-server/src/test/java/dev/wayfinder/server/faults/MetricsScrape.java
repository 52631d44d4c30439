package dev.wayfinder.server.faults;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads {@code /metrics} and counts series: lines that are not comments. Plain Java. */
public final class MetricsScrape {

    private MetricsScrape() {
    }

    public static String scrape(InetSocketAddress ops) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://" + ops.getHostString() + ":" + ops.getPort() + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("/metrics answered " + r.statusCode());
        }
        return r.body();
    }

    /** The value of the first series whose line starts with {@code series} (name and labels as exposed), or NaN. */
    public static double value(String exposition, String series) {
        return exposition.lines().filter(l -> l.startsWith(series)).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElse(Double.NaN);
    }

    /** Series in a Prometheus text exposition, or only those of metrics whose name starts with {@code prefix}. */
    public static long series(String exposition, String prefix) {
        return exposition.lines().filter(l -> !l.isBlank() && !l.startsWith("#") && l.startsWith(prefix)).count();
    }
}
