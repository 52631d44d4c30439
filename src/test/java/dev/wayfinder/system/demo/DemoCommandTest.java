package dev.wayfinder.system.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code wayfinder demo} as a person runs it: found as a subcommand, tells the whole story, ends by itself with 0. */
class DemoCommandTest {

    @Test
    void anAnswerThatDoesNotArriveInTimeEndsTheDemoWithOneAndSaysWhichWithoutAStackTrace() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = Main.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));

        // The memory store (no etcd) and a limit no step can meet.
        int exit = line.execute("demo", "--store", "memory", "--step-limit", "10ms");

        assertThat(exit).as(out + "" + err).isEqualTo(1);
        assertThat(out.toString()).contains("records in each controller's memory, answered by its embedded DNS server",
                "1. publish the annotated Service nginx", "not within the limit", "stopping both clusters… ")
                .doesNotContain("2. publish the failover Gslb");
        // Within 10 ms the first query may or may not have come back.
        assertThat(err.toString().trim()).matches("wayfinder demo: us-buf did not answer 172\\.18\\.200\\.101 for nginx\\.foowidgets\\.k8s"
                + " within 0\\.01 s \\(its last answer: (NXDOMAIN|no reply)\\)");
    }

    @Test
    void theDemoTellsTheFailoverStoryAndEndsWithZero() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = Main.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));

        // A 1 s peer poll keeps the test short; the default (5 s) is what the benchmark measures.
        int exit = line.execute("demo", "--store", "etcd", "--gslb-poll-interval", "1s", "--step-limit", "15s");

        String text = out.toString();
        assertThat(exit).as(text + err).isZero();
        assertThat(err.toString()).doesNotContain("Exception");
        assertThat(text).contains("starting etcd for us-buf… ", "starting wayfinder dns for us-nyc on 127.0.0.1:",
                "1. publish the annotated Service nginx in us-buf", "3. failover: us-buf's frontend-podinfo scaled to 0",
                "4. failback: us-buf's frontend-podinfo ready again", "stopping both clusters… ");
        assertThat(text).containsPattern("\\+\\d+\\.\\d\\d s  us-nyc  10\\.2\\.1\\.167 → 10\\.2\\.1\\.98  ✓");
        List<String> summary = Arrays.stream(text.substring(text.indexOf("summary:")).split("\n")).skip(3)
                .takeWhile(l -> l.startsWith("  ")).toList();
        assertThat(summary).hasSize(7).allSatisfy(row -> assertThat(row).matches(".*\\d+\\.\\d\\d s$"));
        assertThat(summary.get(3)).matches("  failover +us-buf +10\\.2\\.1\\.98 .*");
        assertThat(summary.get(6)).matches(" +us-nyc +10\\.2\\.1\\.167 .*");
    }
}
