package dev.wayfinder.system.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.cli.Main;
import dev.wayfinder.demo.coredns.CoreDnsBinary;
import dev.wayfinder.system.support.StockCoreDns;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code wayfinder demo} as a person runs it: found as a subcommand, tells the whole story on stock CoreDNS, ends by
 * itself with 0; {@code --dns} picks the server and the header says which; what cannot run is refused saying why.
 */
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
    void theDemoTellsTheFailoverStoryOnStockCoreDnsAndEndsWithZero() {
        CoreDnsBinary coredns = StockCoreDns.binary();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        // A 1 s peer poll keeps the test short; the default (5 s) is what the benchmark measures.
        int exit = demo(out, err, "--store", "etcd", "--dns", "coredns", "--gslb-poll-interval", "1s", "--step-limit", "15s");

        String text = out.toString();
        assertThat(exit).as(text + err).isZero();
        assertThat(err.toString()).doesNotContain("Exception");
        assertThat(text).contains("records in etcd (a real etcd per cluster), answered by stock CoreDNS over it (" + coredns.version() + ", "
                        + coredns.path() + ", with the Corefile `wayfinder corefile` prints)",
                "starting etcd for us-buf… ", "starting stock CoreDNS for us-nyc on 127.0.0.1:",
                "1. publish the annotated Service nginx in us-buf", "3. failover: us-buf's frontend-podinfo scaled to 0",
                "4. failback: us-buf's frontend-podinfo ready again", "stopping both clusters… ");
        assertThat(text).containsPattern("\\+\\d+\\.\\d\\d s  us-nyc  10\\.2\\.1\\.167 → 10\\.2\\.1\\.98  ✓");
        List<String> summary = Arrays.stream(text.substring(text.indexOf("summary:")).split("\n")).skip(3)
                .takeWhile(l -> l.startsWith("  ")).toList();
        assertThat(summary).hasSize(7).allSatisfy(row -> assertThat(row).matches(".*\\d+\\.\\d\\d s$"));
        assertThat(summary.get(3)).matches("  failover +us-buf +10\\.2\\.1\\.98 .*");
        assertThat(summary.get(6)).matches(" +us-nyc +10\\.2\\.1\\.167 .*");
    }

    @Test
    void withDnsWayfinderTheClustersRunWayfinderDnsAndTheHeaderSaysSo() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        // A limit no step can meet: the clusters start, the first step gives up, the demo ends with 1.
        int exit = demo(out, err, "--store", "etcd", "--dns", "wayfinder", "--step-limit", "10ms");

        assertThat(exit).as(out + "" + err).isEqualTo(1);
        assertThat(out.toString()).contains("records in etcd (a real etcd per cluster), answered by wayfinder dns over it\n",
                "starting wayfinder dns for us-buf on 127.0.0.1:", "starting wayfinder dns for us-nyc on 127.0.0.1:")
                .doesNotContain("CoreDNS");
    }

    @Test
    void stockCoreDnsWithTheMemoryStoreIsRefusedSayingWhy() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = demo(out, err, "--store", "memory", "--dns", "coredns");

        assertThat(exit).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).startsWith("--dns coredns: stock CoreDNS reads the records from etcd, but --store memory keeps them in"
                + " each controller; use --store etcd");
    }

    static int demo(StringWriter out, StringWriter err, String... args) {
        CommandLine line = Main.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "demo";
        System.arraycopy(args, 0, all, 1, args.length);
        return line.execute(all);
    }
}
