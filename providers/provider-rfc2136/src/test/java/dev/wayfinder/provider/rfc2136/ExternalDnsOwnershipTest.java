package dev.wayfinder.provider.rfc2136;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.model.txt.TxtNames;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Record;

/**
 * A zone as ExternalDNS's rfc2136 provider leaves it, read and changed through ownership records
 * under {@code --txt-prefix}/{@code --txt-suffix} and in the format before v0.18. The data is what
 * ExternalDNS writes: each record {@code "<name> <ttl> <type> <target>"} (provider/rfc2136/rfc2136.go:486-496,
 * TTL 0 without a ttl annotation and {@code --rfc2136-min-ttl}), the ownership text quoted by the
 * registry (registry/txt/registry.go:344) and so stored unquoted.
 */
class ExternalDnsOwnershipTest {

    private static final DnsName ZONE = DnsName.of("foowidgets.k8s");
    private static final TxtNames PREFIX = new TxtNames("external-dns-", "", "");
    private static final String HERITAGE = "heritage=external-dns,external-dns/owner=cluster1,external-dns/resource=service/default/nginx";

    private static Record a(String name, String ip) {
        return RecordCodec.toRecord(DnsName.of(name), RecordType.A, 0, ip);
    }

    private static Record aaaa(String name, String ip) {
        return RecordCodec.toRecord(DnsName.of(name), RecordType.AAAA, 0, ip);
    }

    private static Record txt(String name, String data) {
        return RecordCodec.txt(RecordCodec.name(DnsName.of(name)), 0, data);
    }

    private static Endpoint only(ZoneView view, String name, RecordType type) {
        List<Endpoint> sets = view.recordSets(new Ownership.Owned(DnsName.of(name), type));
        assertThat(sets).hasSize(1);
        return sets.get(0);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
            "external-dns-, '',   nginx.foowidgets.k8s, A,     external-dns-a-nginx.foowidgets.k8s",
            "external-dns., '',   nginx.foowidgets.k8s, CNAME, external-dns.cname-nginx.foowidgets.k8s",
            "'',            -txt, nginx.foowidgets.k8s, A,     a-nginx-txt.foowidgets.k8s",
            "external-dns-, '',   foowidgets.k8s,       A,     external-dns-a-.foowidgets.k8s"})
    void ownershipNamesFollowTheAffixesAndComeBack(String prefix, String suffix, String name, RecordType type, String txt) {
        TxtNames names = new TxtNames(prefix, suffix, "");
        assertThat(Ownership.txtName(DnsName.of(name), type, ZONE, names)).isEqualTo(DnsName.of(txt));
        assertThat(Ownership.claim(DnsName.of(txt), ZONE, names)).contains(new Ownership.Claim(DnsName.of(name), type));
    }

    @Test
    void recordsUnderATxtPrefixAreOwnedThroughTheirPrefixedRecords() {
        ZoneView view = new ZoneView(ZONE, List.of(a("nginx.foowidgets.k8s", "172.18.200.101"),
                txt("external-dns-a-nginx.foowidgets.k8s", HERITAGE)), List.of(), PREFIX);

        Endpoint nginx = only(view, "nginx.foowidgets.k8s", RecordType.A);
        assertThat(nginx.metadata()).isEqualTo(Metadata.owned("cluster1", "service/default/nginx"));
        assertThat(nginx.ttl()).isZero();
        assertThat(view.endpoints()).as("the ownership record is no record set").hasSize(1);
    }

    @Test
    void theFormatBeforeV018ClaimsEveryTypeButAaaaAndTheTypedRecordWins() {
        // Up to v0.17 the registry also wrote an untyped record at prefix + name (v0.17.0 registry/txt.go:240-249), never for AAAA.
        ZoneView view = new ZoneView(ZONE, List.of(a("nginx.foowidgets.k8s", "172.18.200.101"), aaaa("nginx.foowidgets.k8s", "fd00::1"),
                txt("external-dns-nginx.foowidgets.k8s", HERITAGE), a("web.foowidgets.k8s", "172.18.200.102"),
                txt("external-dns-web.foowidgets.k8s", HERITAGE.replace("cluster1", "old")),
                txt("external-dns-a-web.foowidgets.k8s", HERITAGE)), List.of(), PREFIX);

        assertThat(only(view, "nginx.foowidgets.k8s", RecordType.A).metadata().owner()).isEqualTo("cluster1");
        assertThat(only(view, "nginx.foowidgets.k8s", RecordType.AAAA).metadata().owner()).as("registry.go:272").isEmpty();
        assertThat(only(view, "web.foowidgets.k8s", RecordType.A).metadata().owner()).isEqualTo("cluster1");
    }

    @Test
    void takingOverWritesTheTypedRecordAndRetiresTheOldFormatOnce() {
        ZoneView view = new ZoneView(ZONE, List.of(a("nginx.foowidgets.k8s", "172.18.200.101"),
                txt("external-dns-nginx.foowidgets.k8s", HERITAGE), txt("external-dns-a-nginx.foowidgets.k8s", HERITAGE)), List.of(), PREFIX);
        Endpoint read = only(view, "nginx.foowidgets.k8s", RecordType.A);
        Endpoint moved = read.withTargets(List.of("172.18.200.103")).withTtl(300);

        NameUpdate u = NamePlanner.plan(view, read.name(), List.of(new Change.Replace(read, moved))).update().orElseThrow();

        assertThat(u.rrsets()).extracting(r -> r.name() + " " + r.type() + " " + r.current().size() + "->" + r.next().size())
                .containsExactlyInAnyOrder("nginx.foowidgets.k8s A 1->1", "external-dns-a-nginx.foowidgets.k8s TXT 1->1",
                        "external-dns-nginx.foowidgets.k8s TXT 1->0");
    }

    @Test
    void anOldFormatRecordAtTheNameItselfIsRetiredToo() {
        ZoneView view = new ZoneView(ZONE, List.of(a("nginx.foowidgets.k8s", "172.18.200.101"), txt("nginx.foowidgets.k8s", HERITAGE)),
                List.of(), TxtNames.DEFAULT);
        Endpoint read = only(view, "nginx.foowidgets.k8s", RecordType.A);
        assertThat(read.metadata().owner()).isEqualTo("cluster1");
        assertThat(view.endpoints()).as("the ownership record is no TXT record set").hasSize(1);

        NameUpdate u = NamePlanner.plan(view, read.name(), List.of(new Change.Replace(read, read.withTtl(300)))).update().orElseThrow();

        assertThat(u.rrsets()).extracting(r -> r.name() + " " + r.type() + " " + r.current().size() + "->" + r.next().size())
                .containsExactlyInAnyOrder("nginx.foowidgets.k8s A 1->1", "a-nginx.foowidgets.k8s TXT 0->1", "nginx.foowidgets.k8s TXT 1->0");
    }

    @Test
    void anOldFormatRecordStaysWhileAnotherTypeStillNeedsIt() {
        Record mx = RecordCodec.toRecord(DnsName.of("nginx.foowidgets.k8s"), RecordType.MX, 0, "10 mail.foowidgets.k8s");
        ZoneView view = new ZoneView(ZONE, List.of(a("nginx.foowidgets.k8s", "172.18.200.101"), mx,
                txt("external-dns-nginx.foowidgets.k8s", HERITAGE)), List.of(), PREFIX);
        Endpoint read = only(view, "nginx.foowidgets.k8s", RecordType.A);
        assertThat(only(view, "nginx.foowidgets.k8s", RecordType.MX).metadata().owner()).isEqualTo("cluster1");

        NameUpdate u = NamePlanner.plan(view, read.name(), List.of(new Change.Replace(read, read.withTtl(300)))).update().orElseThrow();

        assertThat(u.rrsets()).extracting(r -> r.name() + " " + r.type())
                .containsExactlyInAnyOrder("nginx.foowidgets.k8s A", "external-dns-a-nginx.foowidgets.k8s TXT");
    }
}
