package dev.wayfinder.faults;

import dev.wayfinder.testing.CrudMockApiExtension;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;

/**
 * The Kubernetes API for the fault rows: fabric8's CRUD mock server over plain HTTP. Like a real API
 * server it lists and watches; unlike one, a watch resumed from an old resourceVersion does not replay
 * what was deleted meanwhile (nor answers 410), which is exactly the case the re-list is for.
 */
public final class MockApi implements AutoCloseable {

    /** Held so the level sticks: the mock logs every request at INFO through java.util.logging. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    private MockApi(KubernetesMockServer server) {
        this.server = server;
        this.client = server.createClient();
    }

    public static MockApi start() {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        return new MockApi(server);
    }

    /** A client straight to the API (the test's own, closed with the server). */
    public KubernetesClient client() {
        return client;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getPort());
    }

    /** A new client that reaches the API at {@code via} (a {@link TcpLink} in front of it, or {@link #address()}); the caller closes it. */
    public static KubernetesClient clientVia(InetSocketAddress via) {
        // HTTP/1.1 only, as the mock's own clients: the JDK client's h2c upgrade gets no answer from it.
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + via.getPort()).withNamespace("default")
                .withHttp2Disable(true).withRequestTimeout(5_000).withConnectionTimeout(2_000).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /**
     * The environment that points a controller in another process at the API at {@code via}, through fabric8's
     * own settings ({@code Config.autoConfigure}; a kubeconfig file would leave HTTP/2 on, and the JDK client's
     * h2c upgrade gets no answer from the mock): the URL, HTTP/1.1 only, no kubeconfig, no service account.
     */
    public static java.util.Map<String, String> env(InetSocketAddress via) {
        return java.util.Map.of("KUBERNETES_MASTER", "http://127.0.0.1:" + via.getPort(), "HTTP2_DISABLE", "true",
                "KUBERNETES_AUTH_TRYKUBECONFIG", "false", "KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false", "KUBERNETES_NAMESPACE", "default");
    }

    /** Closes the client and the server; a server that cannot stop in time is logged ({@link CrudMockApiExtension#destroy}). */
    @Override
    public void close() {
        client.close();
        CrudMockApiExtension.destroy(server, "the fault rows");
    }
}
