package dev.wayfinder.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wayfinder.model.Changes;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.provider.DomainFilter;
import dev.wayfinder.provider.memory.MemoryProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** {@code --serve-dns}: records applied to the in-memory provider are answered over real UDP. */
class EmbeddedDnsTest {

    @Test
    void answersWhatTheControllerWrote() throws Exception {
        MemoryProvider provider = new MemoryProvider(DomainFilter.of("foowidgets.k8s"));
        try (EmbeddedDns dns = EmbeddedDns.start(new InetSocketAddress("127.0.0.1", 0), List.of(DnsName.of("foowidgets.k8s")), "/skydns/",
                300, provider, new SimpleMeterRegistry())) {
            SimpleResolver resolver = new SimpleResolver(dns.address());
            resolver.setTimeout(Duration.ofSeconds(2));
            Message query = Message.newQuery(Record.newRecord(Name.fromString("nginx.foowidgets.k8s."), Type.A, 1));
            assertThat(resolver.send(query).getRcode()).isEqualTo(Rcode.NXDOMAIN);

            provider.apply(Changes.create(new Endpoint(DnsName.of("nginx.foowidgets.k8s"), RecordType.A, List.of("172.18.200.101"), 0, "",
                    Metadata.owned("wf", "service/default/nginx"))));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                Message answer = resolver.send(query);
                assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
                assertThat(answer.getSection(Section.ANSWER)).singleElement().satisfies(r -> {
                    assertThat(((ARecord) r).getAddress().getHostAddress()).isEqualTo("172.18.200.101");
                    assertThat(r.getTTL()).isEqualTo(300);
                });
            });
        }
    }
}
