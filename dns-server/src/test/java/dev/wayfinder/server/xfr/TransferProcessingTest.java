package dev.wayfinder.server.xfr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.model.skydns.SkyDnsKeys;
import dev.wayfinder.server.answer.Answerer;
import dev.wayfinder.server.answer.Fixtures;
import dev.wayfinder.server.answer.Upstream;
import dev.wayfinder.server.snapshot.SnapshotEntry;
import dev.wayfinder.server.snapshot.SnapshotStore;
import dev.wayfinder.server.snapshot.ZoneSnapshot;
import dev.wayfinder.server.transport.QueryMetrics;
import dev.wayfinder.server.transport.QueryProcessor;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/** Transfers, TSIG and the serial at the processor (wire in, wire out), without sockets. */
class TransferProcessingTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final TsigKey KEY = TsigKey.parse("--tsig-key", "k:hmac-sha256:" + Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4}));
    private static final long REVISION = 4242;

    private static QueryProcessor processor(TransferConfig config, ZoneSnapshot snapshot) {
        SnapshotStore store = new SnapshotStore(Fixtures.CLOCK);
        store.publish(snapshot);
        Answerer answerer = Fixtures.answerer(Upstream.NONE);
        return new QueryProcessor(answerer, store, QueryMetrics.NONE, new ZoneTransfers(config, Fixtures.ZONES, SkyDnsKeys.defaults()));
    }

    private static ZoneSnapshot big() {
        List<SnapshotEntry> entries = new ArrayList<>();
        String text = "x".repeat(200);
        for (int i = 0; i < 1500; i++) {
            entries.add(SnapshotEntry.decode("/skydns/test/skydns/bulk/h" + i, ("{\"text\":\"" + text + i + "\"}").getBytes(StandardCharsets.UTF_8)));
        }
        return ZoneSnapshot.of(REVISION, entries);
    }

    private static Message query(String name, int type, TSIG tsig) {
        Message q = Message.newQuery(Record.newRecord(Name.fromConstantString(name), type, DClass.IN));
        if (tsig != null) {
            tsig.apply(q, null);
        }
        return q;
    }

    private static List<Message> run(QueryProcessor p, Message q, boolean tcp) throws IOException {
        byte[] wire = q.toWire();
        List<Message> out = new ArrayList<>();
        for (byte[] m : p.processAll(wire, wire.length, LOOPBACK, tcp)) {
            out.add(new Message(m));
        }
        return out;
    }

    @Test
    void withTransfersOffAnAxfrIsAnsweredAsBefore() throws IOException {
        ZoneSnapshot data = Fixtures.snapshot(Fixtures.data());
        QueryProcessor off = processor(TransferConfig.OFF, data);
        Message q = query("skydns.test.", Type.AXFR, null);

        List<Message> replies = run(off, q, true);

        Message expected = Fixtures.answerer(Upstream.NONE).answer(data, q, LOOPBACK);
        assertThat(replies).hasSize(1);
        assertThat(replies.get(0).getRcode()).isEqualTo(expected.getRcode());
        assertThat(((SOARecord) replies.get(0).getSection(Section.AUTHORITY).get(0)).getSerial()).as("Unix time, as CoreDNS")
                .isEqualTo(Fixtures.NOW);
    }

    @Test
    void aLargeZoneComesInSeveralMessagesEachSignedAndUnder64KiB() throws IOException {
        QueryProcessor on = processor(new TransferConfig(List.of(), Optional.of(KEY), List.of()), big());
        TSIG tsig = KEY.tsig();
        Message q = query("skydns.test.", Type.AXFR, tsig);

        List<Message> replies = run(on, q, true);

        assertThat(replies.size()).isGreaterThan(3);
        List<Record> all = new ArrayList<>();
        TSIG.StreamVerifier verifier = new TSIG.StreamVerifier(tsig, q.getTSIG());
        for (Message m : replies) {
            assertThat(m.toWire().length).isLessThanOrEqualTo(65535);
            assertThat(m.getTSIG()).as("every message signed").isNotNull();
            assertThat(verifier.verify(m, m.toWire())).isEqualTo(Rcode.NOERROR);
            all.addAll(m.getSection(Section.ANSWER));
        }
        assertThat(all.get(0)).isInstanceOf(SOARecord.class).isEqualTo(all.get(all.size() - 1));
        assertThat(((SOARecord) all.get(0)).getSerial()).isEqualTo(REVISION);
        assertThat(all.stream().filter(r -> r.getType() == Type.TXT)).hasSize(1500);
    }

    @Test
    void whileTransfersAreOnQueriesSeeTheTransferSerialAndSignedQueriesSignedReplies() throws IOException {
        QueryProcessor on = processor(new TransferConfig(List.of(), Optional.of(KEY), List.of()), big());

        Message soa = run(on, query("skydns.test.", Type.SOA, KEY.tsig()), false).get(0);
        Message negative = run(on, query("nothing.skydns.test.", Type.A, null), false).get(0);

        assertThat(((SOARecord) soa.getSection(Section.ANSWER).get(0)).getSerial()).isEqualTo(REVISION);
        assertThat(soa.getTSIG()).isNotNull();
        assertThat(((SOARecord) negative.getSection(Section.AUTHORITY).get(0)).getSerial()).isEqualTo(REVISION);
        assertThat(negative.getTSIG()).isNull();
    }

    @Test
    void policyRefusesOutsidersAndNonZonesAndAnswersUpToDateIxfrWithTheSoa() throws IOException {
        QueryProcessor onlyTen = processor(new TransferConfig(List.of(Cidr.parse("--axfr-allow", "10.0.0.0/8")), Optional.empty(), List.of()), big());
        QueryProcessor keyed = processor(new TransferConfig(List.of(Cidr.parse("--axfr-allow", "127.0.0.1")), Optional.of(KEY), List.of()), big());

        assertThat(run(onlyTen, query("skydns.test.", Type.AXFR, null), true).get(0).getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(run(keyed, query("skydns.test.", Type.AXFR, null), true).get(0).getRcode()).as("unsigned").isEqualTo(Rcode.REFUSED);
        assertThat(run(keyed, query("bulk.skydns.test.", Type.AXFR, KEY.tsig()), true).get(0).getRcode()).isEqualTo(Rcode.NOTAUTH);
        TSIG other = TsigKey.parse("--tsig-key", "other:hmac-sha256:AAAA").tsig();
        Message badKey = run(keyed, query("skydns.test.", Type.SOA, other), false).get(0);
        assertThat(badKey.getRcode()).isEqualTo(Rcode.NOTAUTH);
        assertThat(badKey.getTSIG().getError()).isEqualTo(Rcode.BADKEY);

        Message ixfr = query("skydns.test.", Type.IXFR, null);
        ixfr.addRecord(ZoneContent.soa(Name.fromConstantString("skydns.test."), REVISION), Section.AUTHORITY);
        KEY.tsig().apply(ixfr, null);
        List<Message> upToDate = run(keyed, ixfr, true);
        assertThat(upToDate).hasSize(1);
        assertThat(upToDate.get(0).getSection(Section.ANSWER)).singleElement().isInstanceOf(SOARecord.class);
    }
}
