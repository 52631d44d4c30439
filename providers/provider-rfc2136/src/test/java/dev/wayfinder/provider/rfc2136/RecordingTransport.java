package dev.wayfinder.provider.rfc2136;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.ZoneTransferException;

/** The real dnsjava transport, watched: what was sent where, and an optional step before each UPDATE. */
final class RecordingTransport implements DnsTransport {

    /** One request as it went out. */
    record Sent(InetSocketAddress server, Message message) {
    }

    @FunctionalInterface
    interface BeforeSend {
        void run(Message update) throws Exception;
    }

    private final DnsTransport real = DnsTransport.dnsjava();
    final List<Sent> updates = new CopyOnWriteArrayList<>();
    final List<InetSocketAddress> transfers = new CopyOnWriteArrayList<>();
    volatile BeforeSend beforeSend = m -> { };

    @Override
    public List<Record> transfer(InetSocketAddress server, Name zone, TSIG tsig, Duration timeout) throws IOException, ZoneTransferException {
        transfers.add(server);
        return real.transfer(server, zone, tsig, timeout);
    }

    @Override
    public Message send(InetSocketAddress server, Message message, TSIG tsig, Duration timeout) throws IOException {
        updates.add(new Sent(server, message));
        try {
            beforeSend.run(message);
        } catch (Exception e) {
            throw new IllegalStateException("the test's step before sending failed", e);
        }
        return real.send(server, message, tsig, timeout);
    }
}
