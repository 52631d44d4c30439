package dev.wayfinder.provider.rfc2136;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.provider.rfc2136.Ownership.Owned;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class OwnershipTest {

    private static final DnsName ZONE = DnsName.of("example.org");

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "www.example.org,            A,     a-www.example.org",
            "www.example.org,            AAAA,  aaaa-www.example.org",
            "alias.example.org,          CNAME, cname-alias.example.org",
            "_http._tcp.web.example.org, SRV,   srv-_http._tcp.web.example.org",
            "a.b.example.org,            TXT,   txt-a.b.example.org",
            "example.org,                A,     a-.example.org",
            "example.org,                MX,    mx-.example.org"})
    void ownershipNamesFollowExternalDnsAndComeBack(String name, RecordType type, String txt) {
        DnsName owned = DnsName.of(name);

        assertThat(Ownership.txtName(owned, type, ZONE)).isEqualTo(DnsName.of(txt));
        assertThat(Ownership.owned(DnsName.of(txt), ZONE)).contains(new Owned(owned, type));
    }

    @ParameterizedTest
    @CsvSource({"www.example.org", "txt.example.org", "example.org", "a-.sub.example.org", "nothing-here.example.org"})
    void namesThatAreNotOwnershipNames(String name) {
        assertThat(Ownership.owned(DnsName.of(name), ZONE)).isEmpty();
    }

    @Test
    void writesExactlyExternalDnsFormatForAPlainOwner() {
        Endpoint e = new Endpoint(DnsName.of("www.example.org"), RecordType.A, List.of("192.0.2.1"), 60, "",
                Metadata.owned("me", "service/default/web"));

        assertThat(Ownership.of(e).format())
                .isEqualTo("heritage=external-dns,external-dns/owner=me,external-dns/resource=service/default/web");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "heritage=external-dns,external-dns/owner=other,external-dns/resource=ingress/ns/x   | other | ingress/ns/x",
            "\"heritage=external-dns,external-dns/owner=other,external-dns/resource=ingress/ns/x\" | other | ingress/ns/x",
            "heritage=external-dns,external-dns/owner=solo                                         | solo  | ''",
            "heritage=external-dns                                                                  | ''    | ''"})
    void readsExternalDnsValues(String data, String owner, String resource) {
        Optional<Ownership> o = Ownership.parse(data.strip());

        assertThat(o).isPresent();
        assertThat(o.get().owner()).isEqualTo(owner);
        assertThat(o.get().resource()).isEqualTo(resource);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"v=spf1 -all", "heritage=someone-else,external-dns/owner=x", "hello world", "''"})
    void otherTxtDataIsNoOwnershipRecord(String data) {
        assertThat(Ownership.parse(data)).isEmpty();
    }

    @Test
    void setIdentifierGeoAndWeightRoundTrip() {
        Endpoint e = new Endpoint(DnsName.of("gslb.example.org"), RecordType.A, List.of("192.0.2.1", "192.0.2.2"), 60, "eu",
                new Metadata("me", "gslb/default/app", "eu-west", OptionalInt.of(3)));

        Ownership o = Ownership.parse(Ownership.of(e).format()).orElseThrow();

        assertThat(o.setIdentifier()).isEqualTo("eu");
        assertThat(o.metadata()).isEqualTo(e.metadata());
        assertThat(o.claims("192.0.2.1")).isTrue();
        assertThat(o.claims("192.0.2.9")).isFalse();
        assertThat(o.digests()).hasSize(2);
    }

    @Test
    void metadataTheFormatCannotHoldIsReported() {
        Endpoint e = new Endpoint(DnsName.of("www.example.org"), RecordType.A, List.of("192.0.2.1"), 60, "",
                Metadata.owned("a,b", "service/default/web"));

        assertThat(Ownership.problem(e)).hasValueSatisfying(p -> assertThat(p).contains("owner 'a,b'"));
        assertThat(Ownership.needed(Endpoint.of("x.example.org", RecordType.A, "192.0.2.1"))).isFalse();
        assertThat(Set.of(Ownership.digest("192.0.2.1"), Ownership.digest("192.0.2.2"))).hasSize(2);
    }
}
