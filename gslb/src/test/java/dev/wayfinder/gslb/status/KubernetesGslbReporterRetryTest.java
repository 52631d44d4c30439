package dev.wayfinder.gslb.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wayfinder.gslb.api.GslbParser;
import dev.wayfinder.gslb.api.GslbParserTest;
import dev.wayfinder.gslb.api.GslbSpec;
import dev.wayfinder.source.api.EventSink;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A status write the API server refuses is logged and tried again after a backoff, without anyone reporting again. */
@EnableKubernetesMockClient
class KubernetesGslbReporterRetryTest {

    static final String PATH = "/apis/k8gb.io/v1beta1/namespaces/test-gslb/gslbs/test-gslb-failover";

    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void aRefusedStatusWriteIsRetriedAfterABackoff() throws InterruptedException {
        GenericKubernetesResource seed = Serialization.unmarshal(GslbParserTest.SEED.formatted("k8gb.io/v1beta1"),
                GenericKubernetesResource.class);
        seed.getMetadata().setResourceVersion("7");
        seed.getMetadata().setGeneration(3L);
        GslbSpec spec = GslbParser.parse(seed);
        server.expect().get().withPath(PATH).andReturn(200, seed).always();
        server.expect().put().withPath(PATH + "/status").andReturn(409, new StatusBuilder().withCode(409).withReason("Conflict")
                .withMessage("the object has been modified").build()).once();
        server.expect().put().withPath(PATH + "/status").andReturn(200, seed).once();

        try (KubernetesGslbReporter reporter = new KubernetesGslbReporter(client, EventSink.NONE, new SimpleMeterRegistry(), "us-buf")) {
            reporter.report(spec, List.of(KubernetesGslbReporterTest.primary()));

            await().atMost(Duration.ofSeconds(10)).until(() -> server.getRequestCount() >= 4);
        }
        List<String> requests = new java.util.ArrayList<>();
        for (RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS); r != null; r = server.takeRequest(100, TimeUnit.MILLISECONDS)) {
            requests.add(r.getMethod() + " " + r.getPath());
            if (r.getMethod().equals("PUT")) {
                assertThat(r.getUtf8Body()).contains("\"observedGeneration\":3").contains("\"reasonCodes\"");
            }
        }
        assertThat(requests).containsExactly("GET " + PATH, "PUT " + PATH + "/status", "GET " + PATH, "PUT " + PATH + "/status");
    }
}
