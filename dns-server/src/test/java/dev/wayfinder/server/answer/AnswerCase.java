package dev.wayfinder.server.answer;

import static dev.wayfinder.server.answer.Fixtures.soa;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.server.snapshot.ZoneSnapshot;
import java.util.List;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * One row of an answer table: a question and the reply CoreDNS's etcd plugin gives for it. The
 * authority section is the zone's SOA exactly when the answer is empty.
 */
record AnswerCase(String why, String name, int type, int rcode, String zone, List<String> answer, List<String> extra) {

    @Override
    public String toString() {
        return why + " (" + name + " " + Type.string(type) + ")";
    }

    /** Asks {@code answerer} over {@code snapshot} and checks every section of the reply against this row. */
    void check(Answerer answerer, ZoneSnapshot snapshot) {
        Message reply = answerer.answer(snapshot, Fixtures.query(name, type), null);

        assertThat(Rcode.string(reply.getRcode())).as("rcode").isEqualTo(Rcode.string(rcode));
        assertThat(reply.getHeader().getFlag(Flags.AA)).as("AA").isTrue();
        assertThat(reply.getHeader().getFlag(Flags.RA)).as("RA").isFalse();
        assertThat(reply.getHeader().getFlag(Flags.TC)).as("TC").isFalse();
        assertThat(Fixtures.lines(reply, Section.ANSWER)).as("answer").containsExactlyElementsOf(answer);
        assertThat(Fixtures.lines(reply, Section.ADDITIONAL)).as("additional").containsExactlyElementsOf(extra);
        List<String> authority = answer.isEmpty() ? List.of(soa(zone)) : List.of();
        assertThat(Fixtures.lines(reply, Section.AUTHORITY)).as("authority").containsExactlyElementsOf(authority);
    }

    /** Row factories for a table whose questions fall in {@code zone} unless a row says otherwise. */
    record Table(String zone) {

        AnswerCase ok(String why, String name, int type, List<String> answer, List<String> extra) {
            return new AnswerCase(why, name, type, Rcode.NOERROR, zone, answer, extra);
        }

        AnswerCase ok(String why, String name, int type, String... answer) {
            return ok(why, name, type, List.of(answer), List.of());
        }

        AnswerCase neg(String why, String name, int type, int rcode, String inZone) {
            return new AnswerCase(why, name, type, rcode, inZone, List.of(), List.of());
        }

        AnswerCase neg(String why, String name, int type, int rcode) {
            return neg(why, name, type, rcode, zone);
        }
    }
}
