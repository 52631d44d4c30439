package dev.wayfinder.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wayfinder.model.Changes;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.plan.CurrentRecord;
import dev.wayfinder.provider.DomainFilter;
import dev.wayfinder.provider.ProviderException;
import dev.wayfinder.provider.memory.MemoryProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry's copy of the provider: patched by its own applies, refreshed by age and by failure. */
class RegistryCacheTest {

    static Endpoint rec(String owner, String name, String ip) {
        return new Endpoint(DnsName.of(name), RecordType.A, List.of(ip), 300, "", Metadata.owned(owner, "service/ns/" + name));
    }

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void ownAppliesArePatchedInAndOutsideChangesAppearAfterMaxAge() throws Exception {
        MemoryProvider provider = new MemoryProvider(DomainFilter.of("foowidgets.k8s"));
        ManualClock clock = new ManualClock();
        Registry registry = new Registry(provider, "wf", DeletionGuard.defaults(), Duration.ofMinutes(1), clock);
        assertThat(registry.current().records()).isEmpty();

        registry.apply(Changes.create(rec("wf", "a.foowidgets.k8s", "10.0.0.1")), registry.current());
        assertThat(registry.current().records()).extracting(CurrentRecord::record).containsExactly(rec("wf", "a.foowidgets.k8s", "10.0.0.1"));

        // Someone writes beside us: not seen until the copy is a minute old.
        provider.view(DomainFilter.ALL).apply(Changes.create(rec("other", "b.foowidgets.k8s", "10.0.0.2")));
        assertThat(registry.current().records()).hasSize(1);
        clock.now = clock.now.plus(Duration.ofMinutes(1));
        assertThat(registry.current().records()).hasSize(2);
    }

    @Test
    void aFailedApplyForcesAFreshRead() throws Exception {
        MemoryProvider provider = new MemoryProvider(DomainFilter.of("foowidgets.k8s"));
        Registry registry = new Registry(provider, "wf", DeletionGuard.defaults(), Duration.ofHours(1), new ManualClock());
        assertThat(registry.current().records()).isEmpty();
        // Created behind the registry's back, so its copy is stale and the create below collides.
        provider.apply(Changes.create(rec("other", "a.foowidgets.k8s", "10.0.0.9")));
        assertThatThrownBy(() -> registry.apply(Changes.create(rec("wf", "a.foowidgets.k8s", "10.0.0.1")), registry.current()))
                .isInstanceOf(ProviderException.class);
        assertThat(registry.current().records()).singleElement().extracting(CurrentRecord::owner).isEqualTo("other");
    }
}
