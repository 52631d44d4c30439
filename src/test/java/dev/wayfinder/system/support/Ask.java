package dev.wayfinder.system.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;

/** One DNS question to one server, as {@code dig @server name type} asks it (UDP, falling back to TCP when truncated). */
public final class Ask {

    private Ask() {
    }

    public static Message ask(InetSocketAddress server, String name, int type) {
        return ask(server, name, type, false);
    }

    /** With {@code tcp}, the question goes over TCP from the start. */
    public static Message ask(InetSocketAddress server, String name, int type, boolean tcp) {
        SimpleResolver resolver = new SimpleResolver(server);
        resolver.setTimeout(Duration.ofSeconds(3));
        resolver.setTCP(tcp);
        try {
            return resolver.send(Message.newQuery(Record.newRecord(name(name), type, DClass.IN)));
        } catch (IOException e) {
            throw new UncheckedIOException("no answer from " + server + " for " + name, e);
        }
    }

    public static Name name(String name) {
        try {
            return Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException("'" + name + "' is not a DNS name", e);
        }
    }
}
