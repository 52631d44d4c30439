package dev.wayfinder.provider.rfc2136;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wayfinder.model.Changes;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.model.Update;
import dev.wayfinder.provider.DomainFilter;
import dev.wayfinder.provider.ProviderException;
import dev.wayfinder.provider.rfc2136.testing.NamedProcess;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferIn;

/** Behaviour beyond the contract, against a real BIND: faults, coexistence with ExternalDNS, batching, TTLs. */
class Rfc2136ProviderTest {

    @RegisterExtension
    static final NamedProcess NAMED = NamedProcess.builder().zones("example.org").wipeBeforeEach().build();

    private static final DomainFilter FILTER = DomainFilter.of("example.org");

    private static Endpoint mine(String name, RecordType type, long ttl, String... targets) {
        return new Endpoint(DnsName.of(name), type, List.of(targets), ttl, "", Metadata.owned("me", "service/default/web"));
    }

    private static Rfc2136Provider provider(Rfc2136Config config) {
        return new Rfc2136Provider(config, FILTER);
    }

    /** Every record of the zone as BIND holds it, in zone-file text (ownership records included). */
    private static Set<String> zoneText() throws Exception {
        ZoneTransferIn xfr = ZoneTransferIn.newAXFR(Name.fromString("example.org."),
                new java.net.InetSocketAddress(NamedProcess.ADDRESS, NAMED.port()), NAMED.tsig());
        xfr.run();
        return xfr.getAXFR().stream().filter(r -> r.getType() != Type.SOA).map(r -> r.toString().replaceAll("\\s+", " ")).collect(Collectors.toCollection(TreeSet::new));
    }

    // ---------------------------------------------------------------- TSIG and refusals

    @Test
    void wrongTsigSecretIsAPermanentErrorNamingZoneAndKey() throws Exception {
        String wrong = Base64.getEncoder().encodeToString(new byte[32]);
        Rfc2136Provider p = provider(NAMED.config().tsigSecret(wrong).build());

        ProviderException read = catchThrowableOfType(ProviderException.class, p::records);
        ProviderException write = catchThrowableOfType(ProviderException.class,
                () -> p.apply(Changes.create(mine("www.example.org", RecordType.A, 60, "192.0.2.1"))));

        for (ProviderException e : List.of(read, write)) {
            assertThat(e.kind()).isEqualTo(ProviderException.Kind.PERMANENT);
            assertThat(e).hasMessageContaining("example.org").hasMessageContaining("wayfinder-key").hasMessageNotContaining(wrong);
        }
        assertThat(zoneText()).containsExactlyElementsOf(apexNsOnly());
    }

    @Test
    void unknownKeyOnUpdateIsRefusedWithTheTsigError() throws Exception {
        // The transfer is skipped so that the refusal comes from the UPDATE itself.
        Rfc2136Provider p = new Rfc2136Provider(NAMED.config().tsigKeyname("nobody").build(), FILTER, new SkipTransfer());

        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> p.apply(Changes.create(mine("www.example.org", RecordType.A, 60, "192.0.2.1"))));

        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(ProviderException.Kind.PERMANENT);
        assertThat(e).hasMessageContaining("zone example.org").hasMessageContaining("'nobody'").hasMessageContaining("NOTAUTH");
    }

    @Test
    void zoneTheServerDoesNotHoldIsAClearPermanentError() throws Exception {
        Rfc2136Provider p = new Rfc2136Provider(NAMED.config().zones(List.of("example.net")).build(), DomainFilter.of("example.net"));

        ProviderException read = catchThrowableOfType(ProviderException.class, p::records);
        ProviderException write = catchThrowableOfType(ProviderException.class,
                () -> p.apply(Changes.create(mine("www.example.net", RecordType.A, 60, "192.0.2.1"))));

        for (ProviderException e : List.of(read, write)) {
            assertThat(e.kind()).isEqualTo(ProviderException.Kind.PERMANENT);
            assertThat(e).hasMessageContaining("zone example.net").hasMessageContaining("wayfinder-key");
        }
    }

    @Test
    void updateRefusedByTheServerIsPermanentAndNamesZoneAndKey() throws Exception {
        // The server holds example.org but the update goes out signed for a zone it does not hold:
        // configure example.org's parent as the zone, so the UPDATE's zone section is wrong for BIND.
        Rfc2136Provider p = new Rfc2136Provider(NAMED.config().zones(List.of("org")).tsigAxfr(false).build(), FILTER,
                new SkipTransfer());

        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> p.apply(Changes.create(mine("www.example.org", RecordType.A, 60, "192.0.2.1"))));

        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(ProviderException.Kind.PERMANENT);
        assertThat(e).hasMessageContaining("zone org").hasMessageContaining("wayfinder-key").hasMessageContaining("www.example.org");
        assertThat(zoneText()).containsExactlyElementsOf(apexNsOnly());
    }

    /** The real transport, except that a transfer returns an empty zone (so the UPDATE is what fails). */
    private static final class SkipTransfer extends DelegatingTransport {
        @Override
        public List<Record> transfer(java.net.InetSocketAddress s, Name z, org.xbill.DNS.TSIG t, Duration d) {
            return List.of();
        }
    }

    private static Set<String> apexNsOnly() throws Exception {
        return new TreeSet<>(Set.of("example.org. 300 IN NS ns.wayfinder.invalid."));
    }

    // ---------------------------------------------------------------- unreachable and several servers

    @Test
    void unreachableServerIsATransientErrorAfterBoundedRetries() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        RecordingTransport transport = new RecordingTransport();
        Rfc2136Provider p = new Rfc2136Provider(NAMED.config().port(closed).attempts(3).retryBackoff(Duration.ofMillis(20)).build(),
                FILTER, transport);

        long start = System.nanoTime();
        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> p.apply(Changes.create(mine("www.example.org", RecordType.A, 60, "192.0.2.1"))));

        assertThat(e).isNotNull();
        assertThat(e.isTransient()).isTrue();
        assertThat(e).hasMessageContaining("zone example.org").hasMessageContaining("3 attempts").hasMessageContaining(":" + closed);
        assertThat(transport.transfers).hasSize(3);
        assertThat(transport.updates).as("nothing is sent when the zone cannot be read").isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(catchThrowableOfType(ProviderException.class, p::records).isTransient()).isTrue();
    }

    @Test
    void aDeadFirstServerFailsOverToTheNext() throws Exception {
        RecordingTransport transport = new RecordingTransport();
        // 127.0.0.2 is loopback too, but named listens only on 127.0.0.1: connection refused.
        Rfc2136Config config = NAMED.config().hosts(List.of("127.0.0.2", NamedProcess.ADDRESS)).build();
        Rfc2136Provider p = new Rfc2136Provider(config, FILTER, transport);
        Endpoint www = mine("www.example.org", RecordType.A, 60, "192.0.2.1");

        p.apply(Changes.create(www));

        assertThat(p.records()).containsExactly(www);
        assertThat(transport.updates).extracting(s -> s.server().getHostString()).contains("127.0.0.2", "127.0.0.1");
    }

    // ---------------------------------------------------------------- ExternalDNS coexistence

    @Test
    void externalDnsOwnedRecordSetIsReadWithItsOwnerAndNeverTouched() throws Exception {
        Message seed = new org.xbill.DNS.Update(Name.fromString("example.org."));
        seed.addRecord(Record.fromString(Name.fromString("ext.example.org."), Type.A, DClass.IN, 300, "192.0.2.50", Name.root), Section.UPDATE);
        seed.addRecord(Record.fromString(Name.fromString("a-ext.example.org."), Type.TXT, DClass.IN, 300,
                "\"heritage=external-dns,external-dns/owner=other,external-dns/resource=service/default/ext\"", Name.root), Section.UPDATE);
        assertThat(NAMED.resolver().send(seed).getRcode()).isEqualTo(Rcode.NOERROR);
        Set<String> theirs = zoneText();
        Rfc2136Provider p = provider(NAMED.config().build());

        Endpoint ext = new Endpoint(DnsName.of("ext.example.org"), RecordType.A, List.of("192.0.2.50"), 300, "",
                Metadata.owned("other", "service/default/ext"));
        assertThat(p.records()).containsExactly(ext);

        Endpoint www = mine("www.example.org", RecordType.A, 60, "192.0.2.1");
        p.apply(Changes.create(www));
        Endpoint myExt = ext.withMetadata(Metadata.owned("me", "service/default/web"));
        ProviderException delete = catchThrowableOfType(ProviderException.class, () -> p.apply(Changes.delete(myExt)));
        ProviderException update = catchThrowableOfType(ProviderException.class,
                () -> p.apply(Changes.update(new Update(myExt, myExt.withTargets(List.of("192.0.2.99"))))));
        ProviderException create = catchThrowableOfType(ProviderException.class,
                () -> p.apply(Changes.create(mine("ext.example.org", RecordType.A, 60, "192.0.2.98"))));

        for (ProviderException e : List.of(delete, update, create)) {
            assertThat(e).hasMessageContaining("ext.example.org").hasMessageContaining("owned by 'other'");
        }
        assertThat(zoneText()).containsAll(theirs)
                .contains("a-www.example.org. 60 IN TXT heritage=external-dns,external-dns/owner=me,external-dns/resource=service/default/web");
        assertThat(p.records()).containsExactlyInAnyOrder(ext, www);
    }

    // ---------------------------------------------------------------- batching, TTLs, races

    @Test
    void batchSizeIsRespectedAndANameIsNeverSplit() throws Exception {
        RecordingTransport transport = new RecordingTransport();
        Rfc2136Provider p = new Rfc2136Provider(NAMED.config().batchChangeSize(2).build(), FILTER, transport);
        List<Endpoint> created = List.of(
                mine("a.example.org", RecordType.A, 60, "192.0.2.1"),
                mine("b.example.org", RecordType.A, 60, "192.0.2.2"),
                mine("c.example.org", RecordType.A, 60, "192.0.2.3"),
                mine("d.example.org", RecordType.A, 60, "192.0.2.4"),
                mine("e.example.org", RecordType.A, 60, "192.0.2.5"),
                mine("multi.example.org", RecordType.A, 60, "192.0.2.6"),
                mine("multi.example.org", RecordType.AAAA, 60, "2001:db8::6"),
                mine("multi.example.org", RecordType.TXT, 60, "three types"));

        p.apply(new Changes(created, List.of(), List.of()));

        assertThat(p.records()).containsExactlyInAnyOrderElementsOf(created);
        assertThat(transport.updates).hasSize(4);
        for (RecordingTransport.Sent sent : transport.updates) {
            Set<String> owned = sent.message().getSection(Section.UPDATE).stream()
                    .filter(r -> r.getType() != Type.TXT || !r.getName().toString().contains("-"))
                    .map(r -> r.getName().toString()).collect(Collectors.toSet());
            assertThat(owned).as("names in one UPDATE").hasSizeLessThanOrEqualTo(2);
        }
        assertThat(transport.updates.get(3).message().getSection(Section.UPDATE))
                .as("the three record sets of one name go in one message").extracting(r -> r.getName().toString())
                .contains("multi.example.org.", "a-multi.example.org.", "aaaa-multi.example.org.", "txt-multi.example.org.");
    }

    @Test
    void minimumTtlIsApplied() throws Exception {
        Rfc2136Provider p = provider(NAMED.config().minTtl(Duration.ofMinutes(10)).build());
        Endpoint low = mine("low.example.org", RecordType.A, 60, "192.0.2.1");
        Endpoint unset = mine("unset.example.org", RecordType.A, Endpoint.TTL_UNSET, "192.0.2.2");
        Endpoint high = mine("high.example.org", RecordType.A, 3600, "192.0.2.3");

        p.apply(Changes.create(low, unset, high));

        assertThat(p.records()).extracting(Endpoint::name, Endpoint::ttl).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(DnsName.of("high.example.org"), 3600L),
                org.assertj.core.groups.Tuple.tuple(DnsName.of("low.example.org"), 600L),
                org.assertj.core.groups.Tuple.tuple(DnsName.of("unset.example.org"), 600L));
        assertThat(p.adjust(low).ttl()).isEqualTo(600);
        assertThat(zoneText()).contains("low.example.org. 600 IN A 192.0.2.1");
    }

    @Test
    void raisingTheMinimumTtlLetsOlderRecordsBeUpdatedAndDeleted() throws Exception {
        Endpoint www = mine("www.example.org", RecordType.A, 60, "192.0.2.1");
        provider(NAMED.config().build()).apply(Changes.create(www));
        Rfc2136Provider raised = provider(NAMED.config().minTtl(Duration.ofMinutes(5)).build());
        Endpoint read = raised.records().get(0);
        assertThat(read.ttl()).isEqualTo(60);

        raised.apply(Changes.update(new Update(read, read.withTargets(List.of("192.0.2.2")))));
        assertThat(raised.records()).extracting(Endpoint::ttl).containsExactly(300L);

        raised.apply(Changes.delete(raised.records().get(0)));
        assertThat(raised.records()).isEmpty();
    }

    @Test
    void nameChangedBetweenReadAndUpdateIsLeftAsTheOtherWriterMadeIt() throws Exception {
        RecordingTransport transport = new RecordingTransport();
        Rfc2136Provider p = new Rfc2136Provider(NAMED.config().build(), FILTER, transport);
        Endpoint www = mine("www.example.org", RecordType.A, 60, "192.0.2.1");
        Endpoint api = mine("api.example.org", RecordType.A, 60, "192.0.2.2");
        p.apply(Changes.create(www));
        // Someone else writes www after our read and before our UPDATE arrives.
        transport.beforeSend = m -> {
            transport.beforeSend = x -> { };
            Message sneak = new org.xbill.DNS.Update(Name.fromString("example.org."));
            sneak.addRecord(Record.fromString(Name.fromString("www.example.org."), Type.A, DClass.IN, 60, "203.0.113.7", Name.root), Section.UPDATE);
            assertThat(NAMED.resolver().send(sneak).getRcode()).isEqualTo(Rcode.NOERROR);
        };

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> p.apply(
                new Changes(List.of(api), List.of(new Update(www, www.withTargets(List.of("192.0.2.9")))), List.of())));

        assertThat(e).isNotNull();
        assertThat(e.isTransient()).isTrue();
        assertThat(e).hasMessageContaining("www.example.org").hasMessageContaining("changed on the server");
        assertThat(p.records()).contains(api, www.withTargets(List.of("192.0.2.1", "203.0.113.7")));
    }

    @Test
    void ownershipRecordsAreWrittenBesideTheirRecordSetAndRemovedWithIt() throws Exception {
        Rfc2136Provider p = provider(NAMED.config().build());
        Endpoint apex = mine("example.org", RecordType.A, 60, "192.0.2.10");
        Endpoint gslb = mine("gslb.example.org", RecordType.A, 60, "192.0.2.1").withSetIdentifier("eu");

        p.apply(Changes.create(apex, gslb));
        assertThat(zoneText()).anyMatch(l -> l.startsWith("a-.example.org.")).anyMatch(l -> l.startsWith("a-gslb.example.org."));

        p.apply(Changes.delete(apex, gslb));
        assertThat(zoneText()).containsExactlyElementsOf(apexNsOnly());
    }

    @Test
    void recordsNeverShowTheSecretAndTheConfigRedactsIt() {
        Rfc2136Provider p = provider(NAMED.config().build());
        assertThat(p.toString()).doesNotContain(NAMED.secret()).contains("<redacted>");
    }

}
