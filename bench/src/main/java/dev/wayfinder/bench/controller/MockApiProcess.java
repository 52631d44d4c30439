package dev.wayfinder.bench.controller;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link MockApi} in a JVM of its own, on this JVM's class path. Closing it (or this JVM dying)
 * closes its standard input, which ends it.
 */
final class MockApiProcess implements AutoCloseable {

    private final Process process;
    private final String url;

    private MockApiProcess(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    /**
     * @param services Services to seed
     * @param jvmOptions more options for its JVM (a JFR recording), space-separated; may be empty
     */
    static MockApiProcess start(int services, String jvmOptions) throws IOException {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx3g", "-XX:+UseG1GC",
                "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener"));
        for (String o : jvmOptions.trim().split("\\s+")) {
            if (!o.isEmpty()) {
                command.add(o);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MockApi.class.getName(), String.valueOf(services)));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("ready ")) {
                return new MockApiProcess(p, line.substring("ready ".length()).trim());
            }
            System.out.println("mock API: " + line);
        }
        p.destroyForcibly();
        throw new IOException("the mock API process ended before it was ready");
    }

    /** A client as {@code KubernetesMockServer.createClient()} configures one, for this server's URL. */
    KubernetesClient client() {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url).withTrustCerts(true).withNamespace("test")
                .withHttp2Disable(true).withOauthToken("secret").build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    @Override
    public void close() throws IOException {
        process.getOutputStream().close();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
