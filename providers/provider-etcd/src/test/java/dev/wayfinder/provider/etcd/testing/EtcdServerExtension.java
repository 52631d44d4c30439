package dev.wayfinder.provider.etcd.testing;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.DeleteOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real etcd per test class:
 * {@code @RegisterExtension static final EtcdServerExtension ETCD = new EtcdServerExtension();}.
 * Tests share it and clean up their own keys with {@link #deletePrefix}.
 */
public final class EtcdServerExtension implements BeforeAllCallback, AfterAllCallback {

    private final Supplier<EtcdProcess> starter;
    private EtcdProcess etcd;

    public EtcdServerExtension() {
        this(EtcdProcess::start);
    }

    private EtcdServerExtension(Supplier<EtcdProcess> starter) {
        this.starter = starter;
    }

    /** An etcd serving TLS with client certificates, and auth for {@code username}. */
    public static EtcdServerExtension withTls(String username, String password) {
        return new EtcdServerExtension(() -> EtcdProcess.startWithTls(username, password));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        etcd = starter.get();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (etcd != null) {
            etcd.close();
            etcd = null;
        }
    }

    public EtcdProcess process() {
        if (etcd == null) {
            throw new IllegalStateException("etcd is not running: register the extension as a static field");
        }
        return etcd;
    }

    public String clientUrl() {
        return process().clientUrl();
    }

    public List<String> endpoints() {
        return process().endpoints();
    }

    public Client client() {
        return process().client();
    }

    public Path logFile() {
        return process().logFile();
    }

    public Optional<EtcdProcess.Security> security() {
        return process().security();
    }

    public void stop() {
        process().stop();
    }

    public void restart() {
        process().restart();
    }

    /** Deletes every key starting with {@code prefix}. */
    public void deletePrefix(String prefix) {
        try {
            client().getKVClient()
                    .delete(EtcdProcess.bytes(prefix), DeleteOption.builder().isPrefix(true).build())
                    .get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted deleting " + prefix, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not delete prefix " + prefix + " in " + etcd, e);
        }
    }
}
