package dev.wayfinder.provider.rfc2136;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.ZoneTransferException;

/** The real transport, for tests that override one of its two calls. */
class DelegatingTransport implements DnsTransport {

    private final DnsTransport real = DnsTransport.dnsjava();

    @Override
    public List<Record> transfer(InetSocketAddress server, Name zone, TSIG tsig, Duration timeout) throws IOException, ZoneTransferException {
        return real.transfer(server, zone, tsig, timeout);
    }

    @Override
    public Message send(InetSocketAddress server, Message message, TSIG tsig, Duration timeout) throws IOException {
        return real.send(server, message, tsig, timeout);
    }
}
