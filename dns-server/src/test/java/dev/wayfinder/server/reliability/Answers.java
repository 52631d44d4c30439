package dev.wayfinder.server.reliability;

import static org.awaitility.Awaitility.await;

import dev.wayfinder.server.faults.DnsAsk;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** Waits until a freshly started server answers from its first snapshot (the etcd load runs beside the listeners' start). */
final class Answers {

    private Answers() {
    }

    static void awaitLoaded(InetSocketAddress dns, String name) {
        await().atMost(Duration.ofSeconds(30)).until(() -> DnsAsk.ask(dns, name, Type.A, false, Duration.ofSeconds(1))
                .map(Message::getRcode).filter(r -> r == Rcode.NOERROR).isPresent());
    }
}
