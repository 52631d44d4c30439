package dev.wayfinder.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.model.Changes;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.model.Update;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** The endpoints and helpers of {@link DnsProviderContract}, public so providers' own tests can use them too. */
public final class ContractFixtures {

    public static final String ME = "me";
    public static final String OTHER = "other";
    public static final String RESOURCE = "service/default/web";
    public static final DomainFilter EXAMPLE_ORG = DomainFilter.of("example.org");

    private ContractFixtures() {
    }

    public static Endpoint endpoint(String name, RecordType type, long ttl, String owner, String... targets) {
        return new Endpoint(DnsName.of(name), type, List.of(targets), ttl, "", Metadata.owned(owner, RESOURCE));
    }

    public static Endpoint mine(String name, RecordType type, String... targets) {
        return endpoint(name, type, 60, ME, targets);
    }

    public static Endpoint theirs(String name, RecordType type, String... targets) {
        return endpoint(name, type, 60, OTHER, targets);
    }

    /** One record set of every type the kit checks, each as a provider must round-trip it. */
    public static Stream<Arguments> everyType() {
        return Stream.of(
                Arguments.of("A, two targets", mine("www.example.org", RecordType.A, "192.0.2.1", "192.0.2.2")),
                Arguments.of("A at the zone apex", mine("example.org", RecordType.A, "192.0.2.10")),
                Arguments.of("AAAA", mine("www.example.org", RecordType.AAAA, "2001:db8::1", "2001:db8::2")),
                Arguments.of("CNAME", mine("alias.example.org", RecordType.CNAME, "web.example.net")),
                Arguments.of("TXT, two strings", mine("txt.example.org", RecordType.TXT, "hello world",
                        "\"key=value,other=x\"")),
                Arguments.of("SRV", mine("_http._tcp.web.example.org", RecordType.SRV,
                        "10 50 8080 web.example.org", "20 50 8080 web2.example.org")),
                Arguments.of("MX", mine("example.org", RecordType.MX, "10 mx1.example.org", "20 mx2.example.org")),
                Arguments.of("name with an underscore", mine("skydns_extra.example.org", RecordType.A, "192.0.2.3")));
    }

    /** The record sets {@link DnsProvider#records()} returns, keyed and sorted, for readable failures. */
    public static Map<String, Endpoint> byKey(List<Endpoint> endpoints) {
        Map<String, Endpoint> out = new TreeMap<>();
        for (Endpoint e : endpoints) {
            String k = e.key() + " owner=" + e.metadata().owner();
            assertThat(out.put(k, e)).as("records() returned %s twice", k).isNull();
        }
        return out;
    }

    public static Map<String, Endpoint> adjusted(DnsProvider p, Endpoint... desired) {
        return byKey(Stream.of(desired).map(p::adjust).toList());
    }

    /** A plan in miniature: what it takes to turn {@code current} into {@code desired}. */
    public static Changes diff(List<Endpoint> current, List<Endpoint> desired) {
        Map<Endpoint.Key, Endpoint> cur = current.stream().collect(Collectors.toMap(Endpoint::key, e -> e));
        Map<Endpoint.Key, Endpoint> want = desired.stream().collect(Collectors.toMap(Endpoint::key, e -> e));
        List<Endpoint> create = new ArrayList<>();
        List<Update> update = new ArrayList<>();
        List<Endpoint> delete = new ArrayList<>();
        want.forEach((k, e) -> {
            Endpoint now = cur.get(k);
            if (now == null) {
                create.add(e);
            } else if (!now.equals(e)) {
                update.add(new Update(now, e));
            }
        });
        cur.forEach((k, e) -> {
            if (!want.containsKey(k)) {
                delete.add(e);
            }
        });
        return new Changes(create, update, delete);
    }

    /** The record sets at exactly {@code name}, in key order. */
    public static List<Endpoint> atName(List<Endpoint> records, String name) {
        DnsName n = DnsName.of(name);
        return records.stream().filter(e -> e.name().equals(n)).sorted(Comparator.comparing(Endpoint::key)).toList();
    }
}
