package dev.wayfinder.testing;

import io.fabric8.kubernetes.client.Client;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and stops the mock API of {@link CrudMockApi}. Why not fabric8's own extension: the CRUD mock can block its
 * event loop for up to 30 s after a watch's WebSocket closes while an event is still being sent on it
 * ({@code WatchEventsListener.onClosed} waits on its executor, whose send waits on that loop; fabric8 7.8.0), which
 * an application shutting down right after a write provokes; the mock server then fails to stop within its own 10 s
 * ("Unable to close MockWebServer") and fabric8's extension fails the test class though every test passed. Here that
 * failure is logged and the server left to unblock on its own; a test's own assertions are untouched.
 */
public final class CrudMockApiExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private static final Logger LOG = LoggerFactory.getLogger(CrudMockApiExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(CrudMockApiExtension.class);

    /** One mock API and its client. */
    private record Api(KubernetesMockServer server, KubernetesClient client) {
        static Api start() {
            Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
            KubernetesMockServer server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), responses,
                    new KubernetesMixedDispatcher(responses), true);
            server.init();
            return new Api(server, server.createClient());
        }

        void stop(String testClass) {
            try {
                destroy(server, testClass);
            } finally {
                client.close();
            }
        }
    }

    /**
     * Stops a CRUD mock API ({@code owner} names whose, in the log); one that cannot stop within its own timeout
     * (the hang above) is logged and left to unblock on its own rather than failing the caller's teardown.
     */
    public static void destroy(KubernetesMockServer server, String owner) {
        try {
            server.destroy();
        } catch (IllegalStateException e) {
            LOG.warn("The CRUD mock API of {} did not stop within its own timeout ({}); its event loop is left to unblock on its own",
                    owner, e.getMessage());
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IllegalAccessException {
        start(context, "static", fields(context.getRequiredTestClass(), true), null);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IllegalAccessException {
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            start(context, "instance", fields(instance.getClass(), false), instance);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stop(context, "instance");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop(context, "static");
    }

    /** A mock API for these fields (of {@code instance}, null for static ones), kept under {@code key} until {@link #stop}. */
    private static void start(ExtensionContext context, String key, List<Field> fields, Object instance) throws IllegalAccessException {
        if (!fields.isEmpty()) {
            Api api = Api.start();
            context.getStore(NAMESPACE).put(key, api);
            inject(fields, instance, api);
        }
    }

    private static void stop(ExtensionContext context, String key) {
        Api api = context.getStore(NAMESPACE).remove(key, Api.class);
        if (api != null) {
            api.stop(context.getRequiredTestClass().getName());
        }
    }

    /** The class's (and its superclasses') fields of a client or mock server type, static or not. */
    private static List<Field> fields(Class<?> type, boolean statics) {
        List<Field> out = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                boolean wanted = Client.class.isAssignableFrom(f.getType()) || f.getType() == KubernetesMockServer.class;
                if (wanted && Modifier.isStatic(f.getModifiers()) == statics) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void inject(List<Field> fields, Object instance, Api api) throws IllegalAccessException {
        for (Field f : fields) {
            f.setAccessible(true);
            f.set(instance, f.getType() == KubernetesMockServer.class ? api.server() : api.client().adapt((Class<? extends Client>) f.getType()));
        }
    }
}
