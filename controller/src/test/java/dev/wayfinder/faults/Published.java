package dev.wayfinder.faults;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.model.skydns.SkyDnsKeys;
import dev.wayfinder.model.skydns.SkyDnsMapping;
import dev.wayfinder.provider.DomainFilter;
import dev.wayfinder.provider.etcd.EtcdProvider;
import io.etcd.jetcd.Client;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/** What etcd holds for an owner id in a zone, read as stock CoreDNS's records: name → targets. */
public final class Published implements AutoCloseable {

    private final Supplier<Client> connector;
    private final SkyDnsMapping mapping;
    private final DomainFilter filter;
    private final String owner;
    private Client client;
    private EtcdProvider reader;

    /**
     * {@code connector} makes the reader's clients: after a failed read the next one starts with a fresh client,
     * so the reader itself never waits out gRPC's reconnection backoff and the time to current is measured as
     * the controller achieves it.
     */
    public Published(Supplier<Client> connector, String zone, String owner) {
        this.connector = connector;
        this.mapping = new SkyDnsMapping(SkyDnsKeys.defaults(), List.of(DnsName.of(zone)), 300);
        this.filter = DomainFilter.of(zone);
        this.owner = owner;
    }

    private synchronized List<Endpoint> records() throws Exception {
        if (reader == null) {
            client = connector.get();
            reader = new EtcdProvider(client, mapping, filter);
        }
        try {
            return reader.records();
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    /**
     * Each name of the owner id: its A record's addresses. Beside each record set the controller keeps ExternalDNS's
     * ownership record ({@code a-<name>} TXT): a name with one but no A record, or the reverse, reads as
     * {@link #UNPAIRED}, so a leftover ownership record counts as a ghost and a missing one as lost.
     */
    public Map<String, List<String>> read() throws Exception {
        Map<String, List<String>> records = new TreeMap<>();
        java.util.Set<String> ownership = new java.util.TreeSet<>();
        for (Endpoint e : records()) {
            String name = e.name().toString();
            if (e.type() == RecordType.TXT && name.startsWith("a-") && e.targets().stream().anyMatch(t -> t.contains("owner=" + owner))) {
                ownership.add(name.substring(2));
            } else if (owner.equals(e.metadata().owner())) {
                records.put(name, e.targets().stream().sorted().toList());
            }
        }
        Map<String, List<String>> out = new TreeMap<>();
        records.forEach((name, targets) -> out.put(name, ownership.contains(name) ? targets : UNPAIRED));
        ownership.stream().filter(n -> !records.containsKey(n)).forEach(n -> out.put(n, UNPAIRED));
        return out;
    }

    /** A record set without its ownership record, or an ownership record without its record set. */
    public static final List<String> UNPAIRED = List.of("(record and ownership record not paired)");

    @Override
    public synchronized void close() {
        if (reader != null) {
            reader.close();
            client.close();
            reader = null;
            client = null;
        }
    }

    /** Names published but not desired (ghosts) and desired but not published or not as desired (lost), as counts. */
    public record Difference(int lost, int ghosts) {
        public static Difference between(Map<String, List<String>> desired, Map<String, List<String>> published) {
            int lost = (int) desired.entrySet().stream().filter(e -> !e.getValue().equals(published.get(e.getKey()))).count();
            int ghosts = (int) published.keySet().stream().filter(k -> !desired.containsKey(k)).count();
            return new Difference(lost, ghosts);
        }

        public boolean none() {
            return lost == 0 && ghosts == 0;
        }
    }
}
