package dev.wayfinder.cli;

import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The etcd settings as flags; each also comes from ExternalDNS's {@code ETCD_*} variable, the flag winning. */
final class EtcdOptions {

    @Option(names = "--etcd-urls", description = "etcd endpoints, comma-separated (ETCD_URLS; default http://localhost:2379).")
    String urls;

    @Option(names = "--etcd-ca-file", description = "CA bundle for etcd TLS (ETCD_CA_FILE).")
    String caFile;

    @Option(names = "--etcd-cert-file", description = "Client certificate for etcd TLS (ETCD_CERT_FILE).")
    String certFile;

    @Option(names = "--etcd-key-file", description = "Client key for etcd TLS (ETCD_KEY_FILE).")
    String keyFile;

    @Option(names = "--etcd-tls-server-name", description = "Server name to verify (ETCD_TLS_SERVER_NAME).")
    String tlsServerName;

    @Option(names = "--etcd-tls-insecure", description = "Skip verifying the etcd certificate (ETCD_TLS_INSECURE).")
    String tlsInsecure;

    @Option(names = "--etcd-username", description = "etcd user (ETCD_USERNAME).")
    String username;

    @Option(names = "--etcd-password", description = "etcd password (ETCD_PASSWORD; prefer the variable).")
    String password;

    /** The {@code ETCD_*} map: the environment's, overridden by flags given. */
    Map<String, String> merged(Map<String, String> env) {
        Map<String, String> out = new HashMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("ETCD_")) {
                out.put(k, v);
            }
        });
        put(out, "ETCD_URLS", urls);
        put(out, "ETCD_CA_FILE", caFile);
        put(out, "ETCD_CERT_FILE", certFile);
        put(out, "ETCD_KEY_FILE", keyFile);
        put(out, "ETCD_TLS_SERVER_NAME", tlsServerName);
        put(out, "ETCD_TLS_INSECURE", tlsInsecure);
        put(out, "ETCD_USERNAME", username);
        put(out, "ETCD_PASSWORD", password);
        return out;
    }

    private static void put(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
