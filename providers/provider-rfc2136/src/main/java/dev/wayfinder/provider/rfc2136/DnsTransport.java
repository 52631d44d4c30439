package dev.wayfinder.provider.rfc2136;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;

/**
 * The network seam: one request to one server, no retries and no interpretation of the answer
 * (the provider does both). Tests wrap the real transport to watch what goes over the wire.
 * {@code tsig} is the HMAC key to sign with, or null; {@link GssTsigTransport} signs on its own.
 */
public interface DnsTransport {

    /** A full zone transfer (AXFR over TCP), signed when {@code tsig} is not null. */
    List<Record> transfer(InetSocketAddress server, Name zone, TSIG tsig, Duration timeout) throws IOException, ZoneTransferException;

    /** Sends one message over TCP and returns the server's answer, whatever its rcode. */
    Message send(InetSocketAddress server, Message message, TSIG tsig, Duration timeout) throws IOException;

    /** The transport over dnsjava's resolver and zone-transfer client. */
    static DnsTransport dnsjava() {
        return new DnsTransport() {
            @Override
            public List<Record> transfer(InetSocketAddress server, Name zone, TSIG tsig, Duration timeout)
                    throws IOException, ZoneTransferException {
                ZoneTransferIn xfr = ZoneTransferIn.newAXFR(zone, server, tsig);
                xfr.setTimeout(timeout);
                xfr.run();
                return xfr.getAXFR();
            }

            @Override
            public Message send(InetSocketAddress server, Message message, TSIG tsig, Duration timeout) throws IOException {
                SimpleResolver resolver = new SimpleResolver(server);
                resolver.setTCP(true);
                resolver.setTimeout(timeout);
                if (tsig != null) {
                    resolver.setTSIGKey(tsig);
                }
                return resolver.send(message);
            }
        };
    }
}
