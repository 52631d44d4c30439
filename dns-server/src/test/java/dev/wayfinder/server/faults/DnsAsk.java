package dev.wayfinder.server.faults;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;

/** One DNS question to one server, over UDP or TCP, with a timeout; never throws for a lost answer. Plain Java. */
public final class DnsAsk {

    private DnsAsk() {
    }

    /** The reply, or empty when none came within {@code timeout}. */
    public static Optional<Message> ask(InetSocketAddress server, String name, int type, boolean tcp, Duration timeout) {
        try {
            SimpleResolver r = new SimpleResolver(server);
            r.setTCP(tcp);
            r.setIgnoreTruncation(true);
            r.setTimeout(timeout);
            return Optional.of(r.send(Message.newQuery(Record.newRecord(fqdn(name), type, DClass.IN))));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Name fqdn(String name) {
        try {
            return Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException(name, e);
        }
    }
}
