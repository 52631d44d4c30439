package dev.wayfinder.system.differential;

import java.util.concurrent.ThreadLocalRandom;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * One generated question: a name in presentation form (its case as asked), a type (any of the
 * 65,536), a class, and the RD and CD bits. Sent without EDNS, as {@code dig +noedns} asks it.
 */
record Question(String name, int type, int dclass, boolean rd, boolean cd) {

    /** The query message, with a fresh random id. */
    Message message() {
        Message m = Message.newQuery(Record.newRecord(dnsName(), type, dclass));
        m.getHeader().setID(ThreadLocalRandom.current().nextInt(0x10000));
        if (!rd) {
            m.getHeader().unsetFlag(Flags.RD);
        }
        if (cd) {
            m.getHeader().setFlag(Flags.CD);
        }
        return m;
    }

    Name dnsName() {
        try {
            return Name.fromString(name);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("generated question name '" + name + "' does not parse", e);
        }
    }

    @Override
    public String toString() {
        return name + " " + (dclass == DClass.IN ? "" : DClass.string(dclass) + " ") + Type.string(type)
                + (rd ? "" : " +nord") + (cd ? " +cd" : "");
    }
}
