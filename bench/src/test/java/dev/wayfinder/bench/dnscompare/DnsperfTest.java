package dev.wayfinder.bench.dnscompare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading dnsperf 2.10's output: the fixtures are its real output, captured on this project's machine. */
class DnsperfTest {

    @Test
    void readsTheStatisticsOfARun() throws IOException {
        Dnsperf.Result r = Dnsperf.parse(fixture("dnsperf-2.10-verbose.txt"));

        assertThat(r.sent()).isEqualTo(648_597);
        assertThat(r.completed()).isEqualTo(648_597);
        assertThat(r.lost()).isZero();
        assertThat(r.qps()).isEqualTo(216_182.570125);
        assertThat(r.avgLatencySeconds()).isEqualTo(0.000232);
        assertThat(r.rcodes()).containsExactly(java.util.Map.entry("NOERROR", 432_398L), java.util.Map.entry("NXDOMAIN", 216_199L));
        assertThat(r.responseBytes()).isEqualTo(77);
    }

    @Test
    void readsARunWhereEveryQueryWasLost() throws IOException {
        Dnsperf.Result r = Dnsperf.parse(fixture("dnsperf-2.10-all-lost.txt"));

        assertThat(r.sent()).isEqualTo(10);
        assertThat(r.completed()).isZero();
        assertThat(r.lost()).isEqualTo(10);
        assertThat(r.qps()).isZero();
        assertThat(r.rcodes()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "> NOERROR host-000001.bench.test A 0.000405 | 405",
        "> NXDOMAIN nope.bench.test A 0.000217      | 217",
        "> NOERROR host-000001.bench.test A 1.250000 | 1250000",
        "> T host-000000.bench.test A               | 2147483647",
        "[Status] Testing complete (time limit)     | -1",
        "  Queries sent:         648597             | -1",
        "> NOERROR host-000001.bench.test A soon    | -1",
    })
    void latencyOfOneVerboseLine(String line, int micros) {
        assertThat(Dnsperf.latencyMicros(line.strip())).isEqualTo(micros);
    }

    @ParameterizedTest
    @CsvSource({
        // n, q, expected value (the values are 1..n)
        "100, 0.99, 99",
        "100, 0.50, 50",
        "1000, 0.99, 990",
        "1, 0.99, 1",
        "50, 0.99, 50",
        "101, 0.99, 100",
    })
    void nearestRankPercentile(int n, double q, int expected) {
        int[] sorted = IntStream.rangeClosed(1, n).toArray();
        assertThat(Dnsperf.percentile(sorted, n, q)).isEqualTo(expected);
    }

    @Test
    void p99AndMeanFromTheVerboseLinesOfTheFixture() throws IOException {
        Dnsperf.Latencies l = Dnsperf.latencies(Path.of(resource("dnsperf-2.10-verbose.txt")));

        // 18 per-query lines, 95 to 397 µs: the 99th percentile by nearest rank is the largest
        assertThat(l.answered()).isEqualTo(18);
        assertThat(l.timedOut()).isZero();
        assertThat(l.p99Seconds()).isEqualTo(0.000397);
        assertThat(l.avgSeconds()).isCloseTo(3644e-6 / 18, within(1e-9));
    }

    @Test
    void timeoutsRankAboveEveryAnswer(@TempDir Path dir) throws IOException {
        Dnsperf.Latencies twoOfHundredLost = Dnsperf.latencies(Files.write(dir.resolve("v.txt"), verboseLines(98, 2)));
        Dnsperf.Latencies oneOfHundredLost = Dnsperf.latencies(Files.write(dir.resolve("w.txt"), verboseLines(99, 1)));

        assertThat(twoOfHundredLost.p99Seconds()).isInfinite();
        assertThat(twoOfHundredLost.timedOut()).isEqualTo(2);
        assertThat(twoOfHundredLost.avgSeconds()).isCloseTo(49.5e-6, within(1e-9));
        assertThat(oneOfHundredLost.p99Seconds()).isEqualTo(0.000099);
    }

    /** {@code answered} lines of 1, 2, … µs, then {@code lost} timeouts, as dnsperf -v prints them. */
    private static List<String> verboseLines(int answered, int lost) {
        List<String> lines = new ArrayList<>();
        IntStream.rangeClosed(1, answered).forEach(i -> lines.add(String.format("> NOERROR host-%06d.bench.test A 0.%06d", i, i)));
        IntStream.range(0, lost).forEach(i -> lines.add("> T absent-000000.bench.test A"));
        return lines;
    }

    @Test
    void shapesSplitTheirOptions() {
        Dnsperf.Shape s = Dnsperf.Shape.parse("c64", " -c 64  -T 2 -q 1000 ");

        assertThat(s.args()).containsExactly("-c", "64", "-T", "2", "-q", "1000");
        assertThat(s).hasToString("c64 (dnsperf -c 64 -T 2 -q 1000)");
    }

    private static String resource(String name) {
        return DnsperfTest.class.getResource("/dnscompare/" + name).getPath();
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = DnsperfTest.class.getResourceAsStream("/dnscompare/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
