package dev.wayfinder.provider.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.wayfinder.model.Changes;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.model.skydns.SkyDnsKeys;
import dev.wayfinder.model.skydns.SkyDnsMapping;
import dev.wayfinder.provider.DomainFilter;
import dev.wayfinder.provider.ProviderException;
import dev.wayfinder.provider.etcd.testing.EtcdServerExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Its own etcd, because it stops it. */
class EtcdProviderOutageTest {

    @RegisterExtension
    static final EtcdServerExtension ETCD = new EtcdServerExtension();

    private static final SkyDnsMapping MAPPING = new SkyDnsMapping(SkyDnsKeys.defaults(), List.of(DnsName.of("example.org")), 300);

    @Test
    void etcdDownIsTransientWithoutRetriesAndWorksAgainAfterRestart() throws Exception {
        EtcdProviderOptions quick = EtcdProviderOptions.defaults().withRetries(3, Duration.ofMillis(400), Duration.ofMillis(50));
        Endpoint before = endpoint("before.example.org");
        try (EtcdProvider setup = new EtcdProvider(ETCD.client(), MAPPING, DomainFilter.of("example.org"))) {
            // Patient timeouts for the first call: a cold client may take longer than the quick ones below.
            setup.apply(Changes.create(before));
        }
        try (EtcdProvider provider = new EtcdProvider(ETCD.client(), MAPPING, DomainFilter.of("example.org"), quick)) {
            ETCD.stop();
            long callsBefore = provider.roundTrips();
            long started = System.nanoTime();

            ProviderException write = catchThrowableOfType(ProviderException.class,
                    () -> provider.apply(Changes.create(endpoint("during.example.org"))));
            ProviderException read = catchThrowableOfType(ProviderException.class, provider::records);

            assertThat(write.kind()).isEqualTo(ProviderException.Kind.TRANSIENT);
            assertThat(write).hasMessageContaining("during.example.org");
            assertThat(read.kind()).isEqualTo(ProviderException.Kind.TRANSIENT);
            assertThat(provider.roundTrips() - callsBefore).as("one call, no retries once etcd is known away; the read fails at once")
                    .isEqualTo(1);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));

            ETCD.restart();
            Endpoint after = endpoint("after.example.org");
            await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(ProviderException.class)
                    .untilAsserted(() -> provider.apply(Changes.create(after)));
            assertThat(provider.records()).containsExactlyInAnyOrder(provider.adjust(before), provider.adjust(after));
        }
    }

    private static Endpoint endpoint(String name) {
        return new Endpoint(DnsName.of(name), RecordType.A, List.of("192.0.2.1"), 60, "", Metadata.owned("me", "service/x/y"));
    }
}
