package dev.wayfinder.bench.faults;

import dev.wayfinder.provider.etcd.testing.EtcdProcess;
import dev.wayfinder.server.faults.Amplification;
import dev.wayfinder.server.faults.BigZone;
import dev.wayfinder.server.faults.DnsAsk;
import dev.wayfinder.server.faults.EtcdLoad;
import dev.wayfinder.server.faults.EtcdOutage;
import dev.wayfinder.server.faults.GarbageTraffic;
import dev.wayfinder.server.faults.MetricsScrape;
import dev.wayfinder.server.faults.QueryTypeSweep;
import dev.wayfinder.server.faults.TcpSiege;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The DNS server's rows of the fault suite (issue 14), full form: each row starts a real etcd and
 * {@code wayfinder dns} in its own JVM (and stock CoreDNS where the issue compares), attacks it,
 * and prints its figure; a Markdown table for RELIABILITY.md comes last. The CI runs the short form
 * of every row as tests (dns-server's {@code reliability} package), with the same drivers.
 *
 * <p>Usage: {@code bench/faults-dns.sh [rows] [outages] [siege seconds]}: rows from garbage, siege,
 * qtypes, amplification, outage (default all); outages in seconds (default 3,30,150).
 */
public final class DnsFaultsBench {

    private static final String ZONE = "faults.test";
    private static final String NAME = "ok." + ZONE;

    private final PrintStream out = System.out;
    private final Path work;
    private final List<String> table = new ArrayList<>();

    private DnsFaultsBench(Path work) {
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        List<String> rows = List.of((args.length > 0 ? args[0] : "garbage,siege,qtypes,amplification,outage").split(","));
        List<Integer> outages = java.util.Arrays.stream((args.length > 1 ? args[1] : "3,30,150").split(",")).map(Integer::parseInt).toList();
        int siegeSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        DnsFaultsBench bench = new DnsFaultsBench(Files.createDirectories(Path.of("bench/target/faults-dns")));
        bench.out.printf("%d processors, %s, load average %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.version"), Files.readString(Path.of("/proc/loadavg")).trim());
        for (String row : rows) {
            switch (row.trim()) {
                case "garbage" -> bench.garbage();
                case "siege" -> bench.siege(siegeSeconds);
                case "qtypes" -> bench.queryTypes();
                case "amplification" -> bench.amplification();
                case "outage" -> bench.outages(outages);
                default -> throw new IllegalArgumentException("unknown row '" + row + "'");
            }
        }
        bench.out.println("\n| experiment | what must hold | figure |\n|---|---|---|");
        bench.table.forEach(bench.out::println);
    }

    private EtcdProcess etcdWith(Map<String, String> keys) throws Exception {
        EtcdProcess etcd = EtcdProcess.start();
        EtcdLoad.put(etcd.client(), keys);
        return etcd;
    }

    private DnsUnderTest wayfinder(EtcdProcess etcd, String zone, String log, String... extra) throws Exception {
        DnsUnderTest dns = DnsUnderTest.wayfinder(etcd.clientUrl(), zone, work.resolve(log), extra);
        awaitAnswer(dns, zone.equals(ZONE) ? NAME : "svc-0000." + zone);
        return dns;
    }

    private static void awaitAnswer(DnsUnderTest dns, String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!answers(dns, name, false)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(dns.name() + " does not answer " + name);
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private static boolean answers(DnsUnderTest dns, String name, boolean tcp) {
        return DnsAsk.ask(dns.dns(), name, Type.A, tcp, Duration.ofSeconds(2)).map(Message::getRcode).filter(r -> r == Rcode.NOERROR).isPresent();
    }

    private void garbage() throws Exception {
        out.println("\n## garbage: 20,000 garbage UDP packets, 2,000 malformed TCP frames on 20 connections");
        try (EtcdProcess etcd = etcdWith(Map.of("/skydns/test/faults/ok", "{\"host\":\"10.1.2.3\"}"));
             DnsUnderTest dns = wayfinder(etcd, ZONE, "garbage.log")) {
            long start = System.nanoTime();
            long bytes = GarbageTraffic.udp(dns.dns(), 20_000, 14, NAME);
            int ok = GarbageTraffic.tcp(dns.dns(), 20, 100, 14, NAME);
            long ms = (System.nanoTime() - start) / 1_000_000;
            boolean after = dns.alive() && answers(dns, NAME, false) && answers(dns, NAME, true);
            String figure = String.format("%d bytes of garbage in %d ms; %d/20 TCP connections answered after their garbage; "
                    + "process alive and answering UDP+TCP afterwards: %s", bytes, ms, ok, after ? "yes" : "NO");
            out.println(figure);
            table.add("| 20,000 garbage UDP packets, 2,000 malformed TCP frames | 0 crashes; every connection goes on; still answers | "
                    + figure + " |");
        }
    }

    private void siege(int seconds) throws Exception {
        out.printf("%n## siege: 2,000 idle + 130 TCP connections dripping one byte every 4 s (reopened when closed), %d s%n", seconds);
        try (EtcdProcess etcd = etcdWith(Map.of("/skydns/test/faults/ok", "{\"host\":\"10.1.2.3\"}"))) {
            List<String> figures = new ArrayList<>();
            try (DnsUnderTest dns = wayfinder(etcd, ZONE, "siege.log")) {
                figures.add(siegeOf(dns, seconds));
            }
            Optional<DnsUnderTest> core = DnsUnderTest.coreDns(etcd.clientUrl(), ZONE);
            if (core.isPresent()) {
                try (DnsUnderTest dns = core.get()) {
                    awaitAnswer(dns, NAME);
                    figures.add(siegeOf(dns, seconds));
                }
            } else {
                figures.add("stock CoreDNS: not run (" + dev.wayfinder.demo.coredns.CoreDnsBinary.whyMissing() + ")");
            }
            table.add("| 2,000 idle + 130 dripping TCP clients | new TCP clients answered promptly | " + String.join("; ", figures) + " |");
        }
    }

    private String siegeOf(DnsUnderTest dns, int seconds) throws Exception {
        List<Long> ms = new ArrayList<>();
        int probes = 0;
        try (TcpSiege siege = TcpSiege.start(dns.dns(), 2_000, 130, Duration.ofSeconds(4), NAME)) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < end) {
                probes++;
                siege.probe(NAME, probes, Duration.ofSeconds(5)).ifPresent(d -> ms.add(d.toMillis()));
                TimeUnit.SECONDS.sleep(1);
            }
            TcpSiege.Pressure p = siege.pressure();
            List<Long> sorted = ms.stream().sorted().toList();
            String figure = String.format("%s: %d/%d new clients answered, median %d ms, max %d ms (attacker connections closed: %d idle, "
                            + "%d dripping; %d connects refused)", dns.name(), ms.size(), probes, sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2),
                    sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1), p.idleClosed(), p.drippersClosed(), p.connectFailures());
            out.println(figure);
            return figure;
        }
    }

    private void queryTypes() throws Exception {
        out.println("\n## qtypes: one query of each of the 65,536 types");
        try (EtcdProcess etcd = etcdWith(Map.of("/skydns/test/faults/ok", "{\"host\":\"10.1.2.3\"}"));
             DnsUnderTest dns = wayfinder(etcd, ZONE, "qtypes.log")) {
            String before = MetricsScrape.scrape(dns.ops().orElseThrow());
            long rssBefore = dns.rssKib();
            int replies = QueryTypeSweep.allTypes(dns.dns(), NAME);
            String after = MetricsScrape.scrape(dns.ops().orElseThrow());
            String figure = String.format("%d replies; /metrics %d -> %d series (%d -> %d bytes), wayfinder_dns_queries_total %d series; "
                            + "RSS %d -> %d MiB", replies, MetricsScrape.series(before, ""), MetricsScrape.series(after, ""), before.length(),
                    after.length(), MetricsScrape.series(after, "wayfinder_dns_queries_total"), rssBefore / 1024, dns.rssKib() / 1024);
            out.println(figure);
            table.add("| 65,536 query types | /metrics series bounded | " + figure + " |");
        }
    }

    private void amplification() throws Exception {
        out.println("\n## amplification: the largest answers of a 10,000-name zone, EDNS 65,535");
        try (EtcdProcess etcd = etcdWith(BigZone.entries(10_000))) {
            List<String> figures = new ArrayList<>();
            try (DnsUnderTest dns = wayfinder(etcd, BigZone.ZONE, "amplification.log")) {
                figures.add(amplificationOf(dns));
            }
            Optional<DnsUnderTest> core = DnsUnderTest.coreDns(etcd.clientUrl(), BigZone.ZONE);
            if (core.isPresent()) {
                try (DnsUnderTest dns = core.get()) {
                    awaitAnswer(dns, "svc-0000." + BigZone.ZONE);
                    figures.add(amplificationOf(dns));
                }
            }
            table.add("| largest answer, EDNS 65,535 | reply <= --max-udp-size (1,232) with TC; amplification <= x30 | "
                    + String.join("; ", figures) + " |");
        }
    }

    private String amplificationOf(DnsUnderTest dns) throws Exception {
        List<String> parts = new ArrayList<>();
        for (Amplification.Row r : Amplification.worstQuestions(dns.dns(), BigZone.ZONE)) {
            String s = r.replyBytes() == 0 ? String.format("%s %d -> no reply within 3 s", r.question(), r.queryBytes())
                    : String.format("%s %d -> %d bytes%s x%.1f", r.question(), r.queryBytes(), r.replyBytes(), r.truncated() ? " TC" : "", r.factor());
            out.println(dns.name() + ": " + s);
            parts.add(s);
        }
        return dns.name() + ": " + String.join(", ", parts);
    }

    private void outages(List<Integer> seconds) throws Exception {
        out.println("\n## outage: etcd SIGKILLed, restarted after N s; time from etcd back to wayfinder dns answering a name written then");
        try (EtcdProcess etcd = etcdWith(Map.of("/skydns/test/faults/ok", "{\"host\":\"10.1.2.3\"}"));
             DnsUnderTest dns = wayfinder(etcd, ZONE, "outage.log")) {
            EtcdOutage outage = new EtcdOutage(etcd, dns.dns(), ZONE);
            List<String> parts = new ArrayList<>();
            for (int s : seconds) {
                EtcdOutage.Result r = outage.run(Duration.ofSeconds(s), "before-" + s, "after-" + s, Duration.ofMinutes(5));
                String part = String.format("%d s down: current %.2f s after etcd returned, answered throughout: %s", s,
                        r.toCurrent().toMillis() / 1000.0, r.answeredDuringOutage() ? "yes" : "NO");
                out.println(part);
                parts.add(part);
            }
            String warnings = Files.readString(work.resolve("outage.log")).lines()
                    .filter(l -> l.matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d+ WARN .*")).count() + " WARN lines";
            out.println("log: " + warnings);
            table.add("| etcd SIGKILL, restart after " + seconds + " s | current <= 2 s after etcd returns; answers throughout | "
                    + String.join("; ", parts) + "; " + warnings + " in all |");
        }
    }
}
