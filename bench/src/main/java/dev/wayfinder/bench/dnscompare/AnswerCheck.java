package dev.wayfinder.bench.dnscompare;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Before a server is measured: it must answer, and answer exactly what the data says, in the form
 * dnsperf asks (UDP, RD set, no EDNS): two A records with TTL 300 and nothing else for a name,
 * NXDOMAIN with the zone's SOA (serial aside) for an absent one. A comparison is only one if every
 * server sends the same answers.
 */
final class AnswerCheck {

    private static final Duration READY_LIMIT = Duration.ofSeconds(120);

    private AnswerCheck() {
    }

    /** Asks for the last name loaded every 20 ms until it is answered; fails if the server exits or takes over two minutes. */
    static Duration awaitReady(RunningServer server, int names) throws Exception {
        Message query = query(BenchData.name(names - 1));
        SimpleResolver resolver = resolver(server.port(), Duration.ofMillis(200));
        long start = System.nanoTime();
        while (System.nanoTime() - start < READY_LIMIT.toNanos()) {
            if (!server.process().isAlive()) {
                throw new IllegalStateException(server.kind().label + " exited with " + server.process().exitValue() + ":\n" + server.logTail());
            }
            try {
                if (resolver.send(query).getRcode() == Rcode.NOERROR) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            } catch (IOException notYet) {
                // not listening or not loaded yet
            }
            server.process().waitFor(20, TimeUnit.MILLISECONDS); // nothing to wait on but time while it loads
        }
        throw new IllegalStateException(server.kind().label + " did not answer " + BenchData.name(names - 1) + " within " + READY_LIMIT
                + ":\n" + server.logTail());
    }

    /**
     * What differs from the expected answers for the first and last names and an absent one; empty when
     * all match. CoreDNS's {@code cache 30} caps every TTL it hands out at 30 s, so there a TTL up to the
     * expected one passes; everywhere else it must be exact.
     */
    static List<String> problems(RunningServer server, int names) throws IOException {
        SimpleResolver resolver = resolver(server.port(), Duration.ofSeconds(2));
        boolean capped = server.kind() == ServerKind.COREDNS_CACHE;
        List<String> problems = new ArrayList<>();
        for (int i : new int[] {0, names - 1}) {
            String name = BenchData.name(i);
            List<String> expected = BenchData.addresses(i).stream().map(a -> name + ". A " + a).sorted().toList();
            describe(name, present(resolver.send(query(name)), expected, capped)).ifPresent(problems::add);
        }
        String absent = BenchData.absentName(0);
        describe(absent, absent(resolver.send(query(absent)), capped)).ifPresent(problems::add);
        return problems;
    }

    /** What is wrong with a positive answer (empty when nothing); {@code expectedAnswer} as "NAME. TYPE RDATA", sorted. */
    static List<String> present(Message m, List<String> expectedAnswer, boolean ttlCapped) {
        List<String> wrong = common(m, Rcode.NOERROR);
        List<Record> records = m.getSection(Section.ANSWER);
        List<String> answer = records.stream().map(AnswerCheck::withoutTtl).sorted().toList();
        if (!answer.equals(expectedAnswer)) {
            wrong.add("answer " + answer + ", expected " + expectedAnswer);
        }
        ttlProblem(records, BenchData.TTL, ttlCapped).ifPresent(wrong::add);
        if (!m.getSection(Section.AUTHORITY).isEmpty()) {
            wrong.add("authority section " + m.getSection(Section.AUTHORITY) + ", expected none");
        }
        return wrong;
    }

    /** What is wrong with an NXDOMAIN answer (empty when nothing). */
    static List<String> absent(Message m, boolean ttlCapped) {
        List<String> wrong = common(m, Rcode.NXDOMAIN);
        if (!m.getSection(Section.ANSWER).isEmpty()) {
            wrong.add("answer " + m.getSection(Section.ANSWER) + ", expected none");
        }
        List<Record> authority = m.getSection(Section.AUTHORITY);
        String expectedSoa = BenchData.ZONE + ". SOA " + String.format(BenchData.SOA_FIELDS, 0);
        if (authority.size() != 1 || !(authority.get(0) instanceof SOARecord soa) || !withoutTtl(withSerial(soa, 0)).equals(expectedSoa)) {
            wrong.add("authority " + authority + ", expected " + expectedSoa + " (any serial)");
        } else {
            ttlProblem(authority, 30, ttlCapped).ifPresent(wrong::add);
        }
        return wrong;
    }

    private static Optional<String> ttlProblem(List<Record> records, long expected, boolean capped) {
        long cap = Math.min(expected, 30);
        return records.stream().filter(r -> capped ? r.getTTL() < 1 || r.getTTL() > cap : r.getTTL() != expected).findFirst()
                .map(r -> "TTL " + r.getTTL() + " in " + r + ", expected " + (capped ? "1.." + cap + " (cache 30)" : String.valueOf(expected)));
    }

    private static List<String> common(Message m, int rcode) {
        List<String> wrong = new ArrayList<>();
        if (m.getRcode() != rcode) {
            wrong.add("rcode " + Rcode.string(m.getRcode()) + ", expected " + Rcode.string(rcode));
        }
        if (!m.getHeader().getFlag(Flags.AA)) {
            wrong.add("AA flag not set");
        }
        if (!m.getSection(Section.ADDITIONAL).isEmpty()) {
            wrong.add("additional section " + m.getSection(Section.ADDITIONAL) + ", expected none");
        }
        return wrong;
    }

    private static Optional<String> describe(String name, List<String> wrong) {
        return wrong.isEmpty() ? Optional.empty() : Optional.of(name + ": " + String.join("; ", wrong));
    }

    private static SOARecord withSerial(SOARecord soa, long serial) {
        return new SOARecord(soa.getName(), soa.getDClass(), soa.getTTL(), soa.getHost(), soa.getAdmin(), serial, soa.getRefresh(),
                soa.getRetry(), soa.getExpire(), soa.getMinimum());
    }

    /** "NAME. TYPE RDATA", which the expectations are written in. */
    private static String withoutTtl(Record r) {
        return r.getName() + " " + Type.string(r.getType()) + " " + r.rdataToString();
    }

    private static Message query(String name) throws TextParseException {
        return Message.newQuery(Record.newRecord(Name.fromString(name + "."), Type.A, org.xbill.DNS.DClass.IN));
    }

    private static SimpleResolver resolver(int port, Duration timeout) {
        SimpleResolver r = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
        r.setEDNS(-1); // as dnsperf asks: without EDNS
        r.setTimeout(timeout);
        return r;
    }
}
