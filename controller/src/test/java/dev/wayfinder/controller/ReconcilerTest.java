package dev.wayfinder.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.model.Changes;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.plan.Policy;
import dev.wayfinder.provider.DnsProvider;
import dev.wayfinder.provider.DomainFilter;
import dev.wayfinder.provider.ProviderException;
import dev.wayfinder.provider.memory.MemoryProvider;
import dev.wayfinder.registry.DeletionGuard;
import dev.wayfinder.registry.Registry;
import dev.wayfinder.source.api.EventSink;
import dev.wayfinder.source.api.SourceResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconcilerTest {

    static final DomainFilter ZONE = DomainFilter.of("foowidgets.k8s");

    /** The narrow edge: a provider that refuses, for good, any batch naming a "poison" record. */
    static final class Refusing implements DnsProvider {
        final MemoryProvider inner = new MemoryProvider(ZONE);

        @Override
        public String name() {
            return "refusing";
        }

        @Override
        public DomainFilter domainFilter() {
            return ZONE;
        }

        @Override
        public List<Endpoint> records() {
            return inner.records();
        }

        @Override
        public void apply(Changes changes) throws ProviderException {
            if (changes.keys().anyMatch(k -> k.name().toString().startsWith("poison"))) {
                throw ProviderException.permanent("cannot express poison");
            }
            inner.apply(changes);
        }
    }

    static Endpoint want(String name, String resource) {
        return new Endpoint(DnsName.of(name), RecordType.A, List.of("10.0.0.1"), 300, "", Metadata.owned("", resource));
    }

    record Emitted(String resource, EventSink.Reason reason, String message) {
    }

    @Test
    void oneNameTheProviderRefusesDoesNotHoldUpTheOthers() throws Exception {
        Refusing provider = new Refusing();
        List<Emitted> events = new ArrayList<>();
        Reconciler reconciler = new Reconciler(
                () -> new SourceResult(List.of(want("good.foowidgets.k8s", "service/a/good"), want("poison.foowidgets.k8s", "service/a/bad"),
                        want("fine.foowidgets.k8s", "service/a/fine")), List.of()),
                new Registry(provider, "wf", DeletionGuard.defaults()), Policy.SYNC, ZONE,
                (resource, reason, warning, message) -> events.add(new Emitted(resource, reason, message)),
                new ControllerMetrics(new SimpleMeterRegistry()), false, p -> { }, Clock.systemUTC());

        reconciler.reconcile();

        assertThat(provider.records()).extracting(e -> e.name().toString()).containsExactly("fine.foowidgets.k8s", "good.foowidgets.k8s");
        assertThat(events).anySatisfy(e -> {
            assertThat(e.resource()).isEqualTo("service/a/bad");
            assertThat(e.reason()).isEqualTo(EventSink.Reason.INVALID);
            assertThat(e.message()).contains("cannot express poison");
        });
        assertThat(events).filteredOn(e -> e.reason() == EventSink.Reason.PUBLISHED).extracting(Emitted::resource)
                .containsExactlyInAnyOrder("service/a/good", "service/a/fine");
    }
}
