package dev.wayfinder.server.transport;

import dev.wayfinder.server.answer.Upstream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;

/** {@code --upstream HOST:PORT}: out-of-zone targets asked of one resolver (UDP, TCP on truncation), with a short timeout. */
public final class ResolverUpstream implements Upstream {

    private static final Logger LOG = LoggerFactory.getLogger(ResolverUpstream.class);

    private final SimpleResolver resolver;

    public ResolverUpstream(InetSocketAddress address, Duration timeout) {
        this.resolver = new SimpleResolver(address);
        this.resolver.setTimeout(timeout);
    }

    @Override
    public Optional<Message> lookup(Name name, int type) {
        try {
            Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
            return Optional.of(resolver.send(query));
        } catch (IOException e) {
            LOG.debug("Upstream lookup of {} failed: {}", name, e.toString());
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "upstream " + resolver.getAddress();
    }
}
