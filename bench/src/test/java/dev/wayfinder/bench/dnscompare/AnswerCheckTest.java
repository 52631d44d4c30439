package dev.wayfinder.bench.dnscompare;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class AnswerCheckTest {

    private static final Name ZONE = name("bench.test.");
    private static final Name HOST = name("host-000007.bench.test.");
    private static final List<String> EXPECTED = List.of("host-000007.bench.test. A 10.0.0.7", "host-000007.bench.test. A 10.128.0.7");

    @Test
    void theRightAnswerPasses() throws Exception {
        assertThat(AnswerCheck.present(answer(300, 300), EXPECTED, false)).isEmpty();
        assertThat(AnswerCheck.absent(nxdomain(30, 1_700_000_000L), false)).isEmpty();
    }

    @Test
    void aTtlOtherThanTheDataIsWrongUnlessCappedByTheCache() throws Exception {
        assertThat(AnswerCheck.present(answer(300, 30), EXPECTED, false)).singleElement().asString().startsWith("TTL 30 in");
        assertThat(AnswerCheck.present(answer(30, 29), EXPECTED, true)).isEmpty();
        assertThat(AnswerCheck.present(answer(300, 300), EXPECTED, true)).singleElement().asString().contains("expected 1..30 (cache 30)");
        assertThat(AnswerCheck.absent(nxdomain(60, 1), false)).singleElement().asString().startsWith("TTL 60");
    }

    @Test
    void extraSectionsMissingRecordsAndWrongCodesAreReported() throws Exception {
        Message withNs = answer(300, 300);
        withNs.addRecord(new NSRecord(ZONE, DClass.IN, 300, name("ns1.ns.dns.bench.test.")), Section.AUTHORITY);
        Message oneRecord = answer(300, 300);
        oneRecord.removeRecord(oneRecord.getSection(Section.ANSWER).get(1), Section.ANSWER);
        Message notAuthoritative = answer(300, 300);
        notAuthoritative.getHeader().unsetFlag(Flags.AA);

        assertThat(AnswerCheck.present(withNs, EXPECTED, false)).singleElement().asString().startsWith("authority section");
        assertThat(AnswerCheck.present(oneRecord, EXPECTED, false)).singleElement().asString().startsWith("answer [host-000007.bench.test. A 10.0.0.7]");
        assertThat(AnswerCheck.present(notAuthoritative, EXPECTED, false)).containsExactly("AA flag not set");
        assertThat(AnswerCheck.absent(answer(300, 300), false)).contains("rcode NOERROR, expected NXDOMAIN");
    }

    @Test
    void aDifferentSoaIsReported() throws Exception {
        Message m = reply(Rcode.NXDOMAIN);
        m.addRecord(new SOARecord(ZONE, DClass.IN, 30, name("ns1.bench.test."), name("hostmaster.bench.test."), 1, 7200, 1800, 86400, 30),
                Section.AUTHORITY);

        assertThat(AnswerCheck.absent(m, false)).singleElement().asString().startsWith("authority [");
    }

    private static Message answer(long ttl0, long ttl1) throws Exception {
        Message m = reply(Rcode.NOERROR);
        m.addRecord(new ARecord(HOST, DClass.IN, ttl0, InetAddress.getByName("10.0.0.7")), Section.ANSWER);
        m.addRecord(new ARecord(HOST, DClass.IN, ttl1, InetAddress.getByName("10.128.0.7")), Section.ANSWER);
        return m;
    }

    private static Message nxdomain(long ttl, long serial) {
        Message m = reply(Rcode.NXDOMAIN);
        m.addRecord(new SOARecord(ZONE, DClass.IN, ttl, name("ns.dns.bench.test."), name("hostmaster.bench.test."), serial, 7200, 1800, 86400, 30),
                Section.AUTHORITY);
        return m;
    }

    private static Message reply(int rcode) {
        Message m = new Message();
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setFlag(Flags.AA);
        m.getHeader().setRcode(rcode);
        m.addRecord(Record.newRecord(HOST, Type.A, DClass.IN), Section.QUESTION);
        return m;
    }

    private static Name name(String s) {
        try {
            return Name.fromString(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(s, e);
        }
    }
}
