package dev.wayfinder.system.externaldns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wayfinder.cli.ControllerApp;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** Reading etcd and the controller's {@code /readyz} for the take-over tests. */
final class Stores {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Stores() {
    }

    static void put(Client etcd, Map<String, String> entries) throws Exception {
        for (Map.Entry<String, String> kv : entries.entrySet()) {
            etcd.getKVClient().put(bytes(kv.getKey()), bytes(kv.getValue())).get(5, TimeUnit.SECONDS);
        }
    }

    /** Every value under {@code prefix}, decoded, by key. */
    static Map<String, JsonNode> values(Client etcd, String prefix) throws Exception {
        Map<String, JsonNode> out = new TreeMap<>();
        for (KeyValue kv : etcd.getKVClient().get(bytes(prefix), GetOption.builder().isPrefix(true).build()).get(5, TimeUnit.SECONDS).getKvs()) {
            out.put(kv.getKey().toString(StandardCharsets.UTF_8), JSON.readTree(kv.getValue().toString(StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** The record values at a name that are not cluster2's: its own key and the keys one label below it. */
    static List<JsonNode> ours(Client etcd, String nameKey) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        values(etcd, nameKey).forEach((k, v) -> {
            boolean atName = k.equals(nameKey) || (k.startsWith(nameKey + "/") && !k.substring(nameKey.length() + 1).contains("/"));
            if (atName && v.has("host") && !v.path("owner").asText().equals("cluster2")) {
                out.add(v);
            }
        });
        return out;
    }

    /** The raw values of {@code keys}, byte for byte. */
    static Map<String, String> raw(Client etcd, Collection<String> keys) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (String k : keys) {
            List<KeyValue> kvs = etcd.getKVClient().get(bytes(k)).get(5, TimeUnit.SECONDS).getKvs();
            if (!kvs.isEmpty()) {
                out.put(k, kvs.get(0).getValue().toString(StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** The status {@code /readyz} answers. */
    static int readyz(ControllerApp app) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.opsAddress().orElseThrow().getPort() + "/readyz"))
                .timeout(Duration.ofSeconds(2)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}
