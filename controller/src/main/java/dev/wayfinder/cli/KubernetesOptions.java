package dev.wayfinder.cli;

import dev.wayfinder.model.GoDuration;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** ExternalDNS's Kubernetes client flags: {@code --server}, the request timeout, QPS and burst. */
final class KubernetesOptions {

    @Option(names = "--server", description = "The Kubernetes API server URL (default: in-cluster or the kubeconfig's).")
    String server = "";

    @Option(names = "--request-timeout", defaultValue = "30s", description = "Deprecated name of --kube-api-request-timeout.")
    String requestTimeout;

    @Option(names = "--kube-api-request-timeout", defaultValue = "30s",
            description = "Timeout of each Kubernetes API request; 0s: none. Default: ${DEFAULT-VALUE}.")
    String kubeApiRequestTimeout;

    @Option(names = "--kube-api-qps", defaultValue = "5", description = "Requests per second to the Kubernetes API. Default: ${DEFAULT-VALUE}.")
    int qps;

    @Option(names = "--kube-api-burst", defaultValue = "10", description = "Burst above --kube-api-qps. Default: ${DEFAULT-VALUE}.")
    int burst;

    /** The request timeout: {@code --kube-api-request-timeout}, else a changed deprecated {@code --request-timeout} (types.go resolveDeprecatedFlags). */
    Duration timeout() {
        String chosen = !"30s".equals(requestTimeout) && "30s".equals(kubeApiRequestTimeout) ? requestTimeout : kubeApiRequestTimeout;
        return GoDuration.parse(chosen);
    }

    /** Every violation of these flags. */
    List<String> problems() {
        List<String> out = new java.util.ArrayList<>();
        try {
            timeout();
        } catch (IllegalArgumentException e) {
            out.add("--kube-api-request-timeout: " + e.getMessage());
        }
        if (qps <= 0) {
            out.add("--kube-api-qps: must be greater than 0");
        }
        if (burst <= 0) {
            out.add("--kube-api-burst: must be greater than 0");
        }
        return out;
    }

    KubernetesClient client(java.util.Optional<Path> kubeconfig) throws IOException {
        Config k8s = kubeconfig.isPresent() ? Config.fromKubeconfig(Files.readString(kubeconfig.get())) : Config.autoConfigure(null);
        if (!server.isBlank()) {
            k8s.setMasterUrl(server.trim());
        }
        k8s.setRequestTimeout((int) Math.min(Integer.MAX_VALUE, timeout().toMillis()));
        RateLimit limit = new RateLimit(qps, burst);
        return new KubernetesClientBuilder().withConfig(k8s)
                .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("kube-api-qps", limit)).build();
    }
}
