package dev.wayfinder.server.cli;

import dev.wayfinder.provider.etcd.EtcdConnection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The etcd connection flags every Wayfinder command shares (a picocli mixin). Each also comes
 * from ExternalDNS's {@code ETCD_*} variable; a flag given on the command line wins.
 */
public final class EtcdOptions {

    @Option(names = {"--etcd-urls", "--etcd-endpoints"}, split = ",",
            description = "etcd client URLs, comma-separated or repeated (ETCD_URLS; default http://localhost:2379).")
    List<String> urls;

    @Option(names = "--etcd-ca-file", description = "CA bundle for etcd TLS (ETCD_CA_FILE).")
    String caFile;

    @Option(names = "--etcd-cert-file", description = "Client certificate for etcd TLS (ETCD_CERT_FILE).")
    String certFile;

    @Option(names = "--etcd-key-file", description = "Client key for etcd TLS (ETCD_KEY_FILE).")
    String keyFile;

    @Option(names = "--etcd-tls-server-name", description = "Server name to verify on etcd's certificate (ETCD_TLS_SERVER_NAME).")
    String tlsServerName;

    @Option(names = "--etcd-tls-insecure", arity = "0..1", fallbackValue = "true",
            description = "Do not verify etcd's certificate (ETCD_TLS_INSECURE: true, yes or 1; for tests only).")
    String tlsInsecure;

    @Option(names = "--etcd-username", description = "etcd user (ETCD_USERNAME).")
    String username;

    @Option(names = "--etcd-password", description = "etcd password (ETCD_PASSWORD; prefer the variable, flags show in `ps`).")
    String password;

    /** The {@code ETCD_*} settings: the environment's, overridden by the flags given. */
    public Map<String, String> merged(Map<String, String> env) {
        Map<String, String> out = new HashMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("ETCD_")) {
                out.put(k, v);
            }
        });
        put(out, "ETCD_URLS", urls == null || urls.isEmpty() ? null : String.join(",", urls));
        put(out, "ETCD_CA_FILE", caFile);
        put(out, "ETCD_CERT_FILE", certFile);
        put(out, "ETCD_KEY_FILE", keyFile);
        put(out, "ETCD_TLS_SERVER_NAME", tlsServerName);
        put(out, "ETCD_TLS_INSECURE", tlsInsecure);
        put(out, "ETCD_USERNAME", username);
        put(out, "ETCD_PASSWORD", password);
        return out;
    }

    /** The connection these flags and {@code env} describe (not yet validated). */
    public EtcdConnection connection(Map<String, String> env) {
        return EtcdConnection.fromEnvironment(merged(env));
    }

    private static void put(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value.trim());
        }
    }
}
