package dev.wayfinder.provider.etcd.testing;

import org.testcontainers.DockerClientFactory;

/** Whether Testcontainers is on the class path and finds a working Docker. */
final class DockerProbe {

    private DockerProbe() {
    }

    static boolean dockerAvailable() {
        try {
            return Probe.available();
        } catch (LinkageError e) {
            // Testcontainers is a test-scope dependency; a harness without it simply has no Docker path.
            return false;
        }
    }

    /** Separate class so that resolving Testcontainers happens inside the try above. */
    private static final class Probe {
        static boolean available() {
            return DockerClientFactory.instance().isDockerAvailable();
        }
    }
}
