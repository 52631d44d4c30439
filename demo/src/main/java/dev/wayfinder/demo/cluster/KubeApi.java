package dev.wayfinder.demo.cluster;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;

/**
 * A cluster's Kubernetes API stand-in: fabric8's CRUD mock server in this JVM, with the Gslb CRDs
 * of both API groups registered (so Gslbs are stored and their {@code /status} behaves). It runs no
 * controllers: whoever plays the cluster sets Service status, Ingress status and EndpointSlices.
 */
public final class KubeApi implements AutoCloseable {

    /** The CRD manifests of deploy/crds, packaged with the demo. */
    static final List<String> CRDS = List.of("crds/gslb.k8gb.absa.oss.yaml", "crds/gslb.k8gb.io.yaml");
    /**
     * The mock server logs every request at INFO through java.util.logging; only its warnings matter here.
     * Held in a field so the level sticks (java.util.logging keeps loggers weakly).
     */
    private static final java.util.logging.Logger MOCK_LOG = quiet(java.util.logging.Logger.getLogger("io.fabric8.mockwebserver"));

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    private KubeApi(KubernetesMockServer server, KubernetesClient client) {
        this.server = server;
        this.client = client;
    }

    public static KubeApi start() {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        KubernetesClient client = server.createClient();
        KubeApi api = new KubeApi(server, client);
        try {
            for (String crd : CRDS) {
                client.apiextensions().v1().customResourceDefinitions().resource(load(crd)).create();
            }
        } catch (RuntimeException e) {
            api.close();
            throw e;
        }
        return api;
    }

    private static java.util.logging.Logger quiet(java.util.logging.Logger logger) {
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    static CustomResourceDefinition load(String resource) {
        try (InputStream in = KubeApi.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the CRD manifest " + resource + " is missing from the class path");
            }
            return Serialization.unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client of this API (the one the controller uses too; closed with the server). */
    public KubernetesClient client() {
        return client;
    }

    /** A new client of this API, for a controller that closes its own. */
    public KubernetesClient newClient() {
        return server.createClient();
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
