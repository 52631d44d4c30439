package dev.wayfinder.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wayfinder.config.ControllerConfig;
import dev.wayfinder.model.Changes;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.provider.DnsProvider;
import dev.wayfinder.provider.DomainFilter;
import dev.wayfinder.provider.ProviderException;
import dev.wayfinder.provider.memory.MemoryProvider;
import dev.wayfinder.server.ops.HealthCheck;
import dev.wayfinder.source.api.EventSink;
import dev.wayfinder.testing.CrudMockApi;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Readiness tells the two kinds of failure apart: a name the provider refuses for good leaves the
 * controller ready (it is reported on its object), a transient fault — a lost compare-and-swap
 * race here, the store unreachable alike — makes it not ready until a pass succeeds again.
 */
@CrudMockApi
class ReadinessTest {

    static KubernetesClient client;

    /** The narrow edge: a provider that refuses "stuck-*" for good, and every change of "raced-*" while {@code racing} is set. */
    static final class Flaky implements DnsProvider {
        final MemoryProvider inner;
        final AtomicBoolean racing = new AtomicBoolean();

        Flaky(DomainFilter filter) {
            inner = new MemoryProvider(filter);
        }

        @Override
        public String name() {
            return "flaky";
        }

        @Override
        public DomainFilter domainFilter() {
            return inner.domainFilter();
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
                } else if (n.toString().startsWith("raced") && racing.get()) {
                    failed.add(new ProviderException.NameFailure(n, "changed in etcd while it was being written", true));
                }
            });
            inner.apply(changes.filter(n -> failed.stream().noneMatch(f -> f.name().equals(n))));
            if (!failed.isEmpty()) {
                throw ProviderException.partial("not applied: " + failed, failed, null);
            }
        }
    }

    static boolean ready(Controller controller) {
        return controller.readiness().stream().map(HealthCheck::check).allMatch(HealthCheck.Result::healthy);
    }

    @Test
    void aRefusedNameKeepsTheControllerReadyALostRaceDoesNotUntilAPassSucceeds() throws Exception {
        ControllerConfig config = TestConfigs.config("inmemory", Map.of());
        Flaky provider = new Flaky(config.domainFilter());
        client.resource(ObjectsFixture.loadBalancer("stuck", Map.of(ObjectsFixture.HOSTNAME, "stuck.foowidgets.k8s"), "10.0.0.1")).create();
        client.resource(ObjectsFixture.loadBalancer("raced", Map.of(ObjectsFixture.HOSTNAME, "raced.foowidgets.k8s"), "10.0.0.2")).create();
        try (Controller controller = new Controller(config, client, provider, new SimpleMeterRegistry(), EventSink.NONE, p -> { })) {
            controller.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> ready(controller));
            assertThat(provider.records()).extracting(e -> e.name()).containsExactly(DnsName.of("raced.foowidgets.k8s"));

            provider.racing.set(true);
            client.resource(new ServiceBuilder(client.services().inNamespace("default").withName("raced").get()).editStatus()
                    .editLoadBalancer().editFirstIngress().withIp("10.0.0.3").endIngress().endLoadBalancer().endStatus().build()).updateStatus();
            await("not ready while the race is lost").atMost(Duration.ofSeconds(10)).until(() -> !ready(controller));

            provider.racing.set(false);
            await("ready once a retried pass succeeds").atMost(Duration.ofSeconds(15)).until(() -> ready(controller));
            assertThat(provider.records()).singleElement().satisfies(e -> assertThat(e.targets()).containsExactly("10.0.0.3"));
        }
    }
}
