package dev.wayfinder.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
            assertThat(e.reason()).isEqualTo(EventSink.Reason.REFUSED);
            assertThat(e.message()).contains("cannot express poison");
        });
        assertThat(events).filteredOn(e -> e.reason() == EventSink.Reason.PUBLISHED).extracting(Emitted::resource)
                .containsExactlyInAnyOrder("service/a/good", "service/a/fine");
    }

    /** The narrow edge: a provider that applies every name but "stuck-*" (refused for good) and "raced-*" (a lost race). */
    static final class Partial implements DnsProvider {
        final MemoryProvider inner = new MemoryProvider(ZONE);

        @Override
        public String name() {
            return "partial";
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
            List<ProviderException.NameFailure> failed = new ArrayList<>();
            changes.keys().map(Endpoint.Key::name).distinct().forEach(n -> {
                if (n.toString().startsWith("stuck")) {
                    failed.add(new ProviderException.NameFailure(n, "holds a value that cannot be adopted", false));
                } else if (n.toString().startsWith("raced")) {
                    failed.add(new ProviderException.NameFailure(n, "changed while it was written", true));
                }
            });
            inner.apply(changes.filter(n -> failed.stream().noneMatch(f -> f.name().equals(n))));
            if (!failed.isEmpty()) {
                throw ProviderException.partial("not applied: " + failed, failed, null);
            }
        }
    }

    @Test
    void aNameRefusedForGoodIsReportedAndThePassSucceeds() throws Exception {
        Partial provider = new Partial();
        List<Emitted> events = new ArrayList<>();
        Reconciler reconciler = new Reconciler(() -> new SourceResult(List.of(want("good.foowidgets.k8s", "service/a/good"),
                want("stuck.foowidgets.k8s", "service/a/stuck")), List.of()), new Registry(provider, "wf", DeletionGuard.defaults()),
                Policy.SYNC, ZONE, (resource, reason, warning, message) -> events.add(new Emitted(resource, reason, message)),
                new ControllerMetrics(new SimpleMeterRegistry()), false, p -> { }, Clock.systemUTC());

        reconciler.reconcile();
        reconciler.reconcile();

        assertThat(provider.records()).extracting(e -> e.name().toString()).containsExactly("good.foowidgets.k8s");
        assertThat(events).filteredOn(e -> e.reason() == EventSink.Reason.REFUSED).as("once while it lasts").singleElement()
                .satisfies(e -> {
                    assertThat(e.resource()).isEqualTo("service/a/stuck");
                    assertThat(e.message()).contains("stuck.foowidgets.k8s", "cannot be adopted");
                });
    }

    @Test
    void aLostRaceRetriesThePassAfterTheOtherNamesWentThrough() throws Exception {
        Partial provider = new Partial();
        List<Emitted> events = new ArrayList<>();
        Reconciler reconciler = new Reconciler(() -> new SourceResult(List.of(want("good.foowidgets.k8s", "service/a/good"),
                want("raced.foowidgets.k8s", "service/a/raced"), want("stuck.foowidgets.k8s", "service/a/stuck")), List.of()),
                new Registry(provider, "wf", DeletionGuard.defaults()), Policy.SYNC, ZONE,
                (resource, reason, warning, message) -> events.add(new Emitted(resource, reason, message)),
                new ControllerMetrics(new SimpleMeterRegistry()), false, p -> { }, Clock.systemUTC());

        assertThatThrownBy(reconciler::reconcile).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.isTransient()).isTrue());

        assertThat(provider.records()).extracting(e -> e.name().toString()).containsExactly("good.foowidgets.k8s");
        assertThat(events).filteredOn(e -> e.reason() == EventSink.Reason.REFUSED).extracting(Emitted::resource)
                .containsExactly("service/a/stuck");
    }
}
