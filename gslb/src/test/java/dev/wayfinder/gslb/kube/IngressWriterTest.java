package dev.wayfinder.gslb.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.gslb.api.GslbParserTest;
import dev.wayfinder.gslb.api.GslbSpec;
import dev.wayfinder.testing.CrudMockApi;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The managed Ingress of an embedded Gslb against the CRUD mock API: {@code spec.ingress.backend} becomes the Ingress's
 * {@code defaultBackend} (k8gb's ToV1IngressSpec, api/v1beta1io/upstream_types.go lines 184-199), and a pass that finds
 * it as it should be writes nothing, however much later it runs.
 */
@CrudMockApi
class IngressWriterTest {

    /** The seed's Gslb with a default backend, as k8gb's CRD allows it (chart/k8gb/crd/k8gb.io_gslbs.yaml line 56, spec.ingress.backend). */
    static final String WITH_BACKEND = GslbParserTest.SEED.formatted("k8gb.io/v1beta1").replace("    ingressClassName: nginx\n",
            "    ingressClassName: nginx\n    backend: {service: {name: frontend-default, port: {number: 80}}}\n");

    KubernetesMockServer server;
    KubernetesClient client;

    /** A clock moved by hand, so passes can be minutes apart (past the writer's settling window). */
    static final class Hand extends Clock {
        Instant now = Instant.parse("2026-11-22T04:00:00Z");

        @Override
        public ZoneOffset getZone() {
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

    Ingress stored(GslbSpec spec) {
        return client.network().v1().ingresses().inNamespace(spec.namespace()).withName(spec.name()).get();
    }

    @Test
    void theDefaultBackendIsKeptAndASteadyPassWritesNothing() {
        assertThat(WITH_BACKEND).contains("backend: {service: {name: frontend-default");
        GslbSpec spec = GslbParserTest.parse(WITH_BACKEND);
        Hand clock = new Hand();
        IngressWriter writer = new IngressWriter(client, clock);

        assertThat(writer.ensure(spec, "uid-1", Optional.empty())).isEmpty();
        Ingress created = stored(spec);
        assertThat(created.getSpec().getDefaultBackend().getService().getName()).isEqualTo("frontend-default");
        assertThat(created.getSpec().getDefaultBackend().getService().getPort().getNumber()).isEqualTo(80);
        assertThat(created.getSpec().getAdditionalProperties()).as("no field the API server would drop").isEmpty();

        for (int pass = 0; pass < 3; pass++) {
            clock.now = clock.now.plus(Duration.ofMinutes(5));
            assertThat(writer.ensure(spec, "uid-1", Optional.of(stored(spec)))).isEmpty();
        }
        assertThat(stored(spec).getMetadata().getResourceVersion()).as("no write on a steady pass")
                .isEqualTo(created.getMetadata().getResourceVersion());

        GslbSpec withoutBackend = GslbParserTest.parse(GslbParserTest.SEED.formatted("k8gb.io/v1beta1"));
        clock.now = clock.now.plus(Duration.ofMinutes(5));
        writer.ensure(withoutBackend, "uid-1", Optional.of(stored(spec)));
        assertThat(stored(spec).getSpec().getDefaultBackend()).as("a field the Gslb no longer sets is removed").isNull();
    }
}
