package dev.wayfinder.controller;

import dev.wayfinder.source.api.EventSink;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Who this controller process is, to other writers with its owner id and to leader election: an
 * instance name unique per process, the host it runs on, and its Pod (for Events about it) when the
 * Kubernetes downward API says ({@code POD_NAME}, {@code POD_NAMESPACE}, {@code NODE_NAME}, as the chart sets).
 */
public record WriterIdentity(String instance, String host, Optional<EventSink.Target> pod) {

    /** From the environment; the instance gets a random suffix, so two processes never share it. */
    public static WriterIdentity fromEnvironment(Map<String, String> env) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String podName = blankToNull(env.get("POD_NAME"));
        String podNamespace = blankToNull(env.get("POD_NAMESPACE"));
        String local = localHost();
        String host = Optional.ofNullable(blankToNull(env.get("NODE_NAME"))).orElse(local);
        Optional<EventSink.Target> pod = podName != null && podNamespace != null
                ? Optional.of(new EventSink.Target("v1", "Pod", podNamespace, podName, "")) : Optional.empty();
        return new WriterIdentity((podName != null ? podName : local) + "-" + suffix, host, pod);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "wayfinder";
        }
    }
}
