package dev.wayfinder.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class DnsWireTest {

    private static Message reply(String qname, int type) throws Exception {
        Message m = Message.newQuery(Record.newRecord(Name.fromString(qname), type, DClass.IN));
        m.getHeader().setID(0xbeef);
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setFlag(Flags.AA);
        return m;
    }

    @Test
    void readsRcodeCountsTypeAndNames() throws Exception {
        Message m = reply("WWW.Example.Test.", Type.SRV);
        m.getHeader().setRcode(Rcode.NXDOMAIN);
        m.addRecord(new SOARecord(Name.fromString("example.test."), DClass.IN, 30, Name.fromString("ns.dns.example.test."),
                Name.fromString("hostmaster.example.test."), 1, 7200, 1800, 86400, 30), Section.AUTHORITY);
        byte[] wire = m.toWire(); // the SOA owner is compressed into a pointer into the question

        assertThat(DnsWire.rcode(wire)).isEqualTo(Rcode.NXDOMAIN);
        assertThat(DnsWire.count(wire, 2)).isEqualTo(1);
        assertThat(DnsWire.qtype(wire)).isEqualTo(Type.SRV);
        assertThat(DnsWire.qname(wire)).isEqualTo(Name.fromString("www.example.test.").toWire());
        assertThat(DnsWire.firstAuthorityOwner(wire)).isEqualTo(Name.fromString("example.test.").toWire());
    }

    @Test
    void theAuthorityOwnerIsFoundPastTheAnswers() throws Exception {
        Message m = reply("a.example.test.", Type.A);
        m.addRecord(new ARecord(Name.fromString("a.example.test."), DClass.IN, 60, InetAddress.getByName("10.0.0.1")), Section.ANSWER);
        m.addRecord(new SOARecord(Name.fromString("example.test."), DClass.IN, 30, Name.fromString("ns.dns.example.test."),
                Name.fromString("hostmaster.example.test."), 1, 7200, 1800, 86400, 30), Section.AUTHORITY);
        assertThat(DnsWire.firstAuthorityOwner(m.toWire())).isEqualTo(Name.fromString("example.test.").toWire());
    }

    @Test
    void aTruncatedCopyKeepsIdQuestionAndFlagsWithTcAndNoRecords() throws Exception {
        Message m = reply("a.example.test.", Type.A);
        for (int i = 0; i < 50; i++) {
            m.addRecord(new ARecord(Name.fromString("a.example.test."), DClass.IN, 60, InetAddress.getByName("10.0.0." + i)), Section.ANSWER);
        }
        m.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);

        Message cut = new Message(DnsWire.truncated(m.toWire()));

        assertThat(cut.getHeader().getID()).isEqualTo(0xbeef);
        assertThat(cut.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(cut.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(cut.getQuestion().getName()).isEqualTo(Name.fromString("a.example.test."));
        assertThat(cut.getSection(Section.ANSWER)).isEmpty();
        assertThat(cut.getSection(Section.ADDITIONAL)).isEmpty();
        assertThat(DnsWire.isTruncated(cut.toWire())).isTrue();
    }

    @Test
    void garbageNeverThrows() {
        Random random = new Random(14);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[random.nextInt(80)];
            random.nextBytes(b);
            if (b.length > 5 && random.nextBoolean()) {
                b[4] = 0;
                b[5] = 1; // claims one question, so the name readers run
            }
            DnsWire.rcode(b);
            DnsWire.qtype(b);
            DnsWire.qname(b);
            DnsWire.firstAuthorityOwner(b);
            byte[] t = DnsWire.truncated(b);
            assertThat(t.length).isLessThanOrEqualTo(Math.max(b.length, 12));
        }
    }
}
