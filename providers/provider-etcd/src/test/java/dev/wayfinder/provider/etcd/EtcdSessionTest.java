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
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The controller's etcd session against a real etcd that is killed and restarted (its own etcd, since it stops it). */
class EtcdSessionTest {

    @RegisterExtension
    static final EtcdServerExtension ETCD = new EtcdServerExtension();

    private static final SkyDnsMapping MAPPING = new SkyDnsMapping(SkyDnsKeys.defaults(), List.of(DnsName.of("example.org")), 300);

    @Test
    void aPassFailsWithinTheDeadlineWhileEtcdIsDownAndTheProviderIsBackWithinASecondOfEtcdsReturn() throws Exception {
        EtcdConnection connection = EtcdConnection.of(ETCD.endpoints());
        AtomicInteger recoveries = new AtomicInteger();
        AtomicLong recoveredAt = new AtomicLong();
        try (EtcdSession session = EtcdSession.reconnecting(() -> connection.connectFailingFast(Duration.ofSeconds(1)), "/skydns/",
                EtcdSession.Settings.defaults(), Clock.systemUTC());
             EtcdProvider provider = new EtcdProvider(session, MAPPING, DomainFilter.of("example.org"), EtcdProviderOptions.defaults(), false)) {
            session.onReachableAgain(() -> {
                recoveredAt.set(System.nanoTime());
                recoveries.incrementAndGet();
            });
            provider.apply(Changes.create(endpoint("before.example.org")));

            ETCD.stop();
            long started = System.nanoTime();
            ProviderException first = catchThrowableOfType(ProviderException.class, provider::records);
            Duration firstTook = Duration.ofNanos(System.nanoTime() - started);
            long callsBefore = provider.roundTrips();
            ProviderException second = catchThrowableOfType(ProviderException.class,
                    () -> provider.apply(Changes.create(endpoint("during.example.org"))));

            assertThat(first.kind()).as("%s", first).isEqualTo(ProviderException.Kind.TRANSIENT);
            assertThat(firstTook).as("one call deadline, no retries once etcd is known away").isLessThan(Duration.ofSeconds(3));
            assertThat(session.outage()).isPresent();
            assertThat(second.kind()).isEqualTo(ProviderException.Kind.TRANSIENT);
            assertThat(second).hasMessageContaining("etcd unreachable since");
            assertThat(provider.roundTrips()).as("fails at once, without calling etcd").isEqualTo(callsBefore);
            // Long enough for the old channel's reconnection to back off past a few seconds (20 probes, 250 ms apart).
            await().atMost(Duration.ofSeconds(30)).until(() -> session.outage().map(o -> o.probes() >= 20).orElse(false));

            ETCD.restart();
            long back = System.nanoTime();
            await().atMost(Duration.ofSeconds(5)).until(() -> recoveries.get() == 1);

            assertThat(Duration.ofNanos(recoveredAt.get() - back)).as("etcd's return noticed").isLessThan(Duration.ofSeconds(1));
            assertThat(session.outage()).isEmpty();
            provider.apply(Changes.create(endpoint("after.example.org")));
            assertThat(provider.records()).extracting(Endpoint::name)
                    .containsExactlyInAnyOrder(DnsName.of("before.example.org"), DnsName.of("after.example.org"));
        }
    }

    @Test
    void aRevisionThatGoesBackTellsTheListenersAsEtcdsReturnDoes() {
        try (EtcdSession session = EtcdSession.of(ETCD.client(), "/skydns/")) {
            AtomicInteger told = new AtomicInteger();
            session.onReachableAgain(told::incrementAndGet);

            session.observed(120);
            session.observed(120);
            session.observed(180);
            session.observed(4); // restored from an older backup, or emptied, between two calls
            session.observed(9);

            await().atMost(Duration.ofSeconds(5)).until(() -> told.get() == 1);
            assertThat(session.outage()).isEmpty();
        }
    }

    @Test
    void failuresThatAreNotAboutReachingEtcdStartNoOutage() {
        try (EtcdSession session = EtcdSession.of(ETCD.client(), "/skydns/")) {
            session.failed(new EtcdFailures.Conflict("www changed"));
            session.failed(io.grpc.Status.PERMISSION_DENIED.asRuntimeException());
            session.failed(io.grpc.Status.CANCELLED.asRuntimeException());

            assertThat(session.outage()).isEmpty();
        }
    }

    private static Endpoint endpoint(String name) {
        return new Endpoint(DnsName.of(name), RecordType.A, List.of("192.0.2.1"), 60, "", Metadata.owned("me", "service/x/y"));
    }
}
