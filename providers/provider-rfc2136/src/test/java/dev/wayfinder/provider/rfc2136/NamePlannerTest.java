package dev.wayfinder.provider.rfc2136;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/** The per-name decision as a table: zone content, a change, and what is sent or why nothing is. */
class NamePlannerTest {

    private static final DnsName ZONE = DnsName.of("example.org");
    private static final Metadata ME = Metadata.owned("me", "service/default/web");
    private static final Metadata OTHER = Metadata.owned("other", "service/default/ext");

    private static Endpoint a(String name, Metadata m, String... targets) {
        return new Endpoint(DnsName.of(name), RecordType.A, List.of(targets), 60, "", m);
    }

    /** The zone as the records an AXFR would return for {@code endpoints} written by this provider. */
    private static ZoneView zone(Endpoint... endpoints) {
        List<Record> records = Stream.of(endpoints).flatMap(e -> {
            Stream<Record> data = e.targets().stream().map(t -> RecordCodec.toRecord(e.name(), e.type(), e.ttl(), t));
            Stream<Record> owner = Ownership.needed(e) ? Stream.of(RecordCodec.txt(
                    RecordCodec.name(Ownership.txtName(e.name(), e.type(), ZONE)), e.ttl(), Ownership.of(e).format())) : Stream.empty();
            return Stream.concat(data, owner);
        }).toList();
        return new ZoneView(ZONE, records, List.of());
    }

    static Stream<Arguments> conflicts() {
        Endpoint theirs = a("www.example.org", OTHER, "192.0.2.1");
        Endpoint unowned = a("www.example.org", Metadata.NONE, "192.0.2.1");
        Endpoint mine = a("www.example.org", ME, "192.0.2.1");
        return Stream.of(
                Arguments.of("create over their record set", zone(theirs), new Change.Create(mine), "already exists, owned by 'other'"),
                Arguments.of("create over a record set with no owner", zone(unowned), new Change.Create(mine), "already exists, with no owner"),
                Arguments.of("create over my own", zone(mine), new Change.Create(mine), "already exists, owned by 'me'"),
                Arguments.of("delete theirs", zone(theirs), new Change.Delete(mine), "owned by 'other', not by 'me'"),
                Arguments.of("update theirs", zone(theirs), new Change.Replace(mine, mine.withTargets(List.of("192.0.2.9"))), "owned by 'other'"),
                Arguments.of("delete a missing one", zone(), new Change.Delete(mine), "does not exist"),
                Arguments.of("update a missing one", zone(), new Change.Replace(mine, mine), "does not exist"),
                Arguments.of("A beside a CNAME", zone(new Endpoint(DnsName.of("www.example.org"), RecordType.CNAME, List.of("x.example.net"), 60, "", OTHER)),
                        new Change.Create(mine), "a CNAME cannot share its name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conflicts")
    void conflictsSendNothingForTheName(String what, ZoneView zone, Change change, String reason) {
        NamePlanner.Outcome o = NamePlanner.plan(zone, DnsName.of("www.example.org"), List.of(change));

        assertThat(o.update()).isEmpty();
        assertThat(o.conflicts()).singleElement().extracting(NamePlanner.Conflict::message).asString().contains(reason);
    }

    @Test
    void createWritesTheRecordSetAndItsOwnershipRecordWithAbsencePrerequisites() {
        Endpoint mine = a("www.example.org", ME, "192.0.2.1", "192.0.2.2");

        NameUpdate u = NamePlanner.plan(zone(), mine.name(), List.of(new Change.Create(mine))).update().orElseThrow();

        assertThat(u.rrsets()).extracting(r -> r.name() + " " + r.type() + " " + r.current().size() + "->" + r.next().size())
                .containsExactly("www.example.org A 0->2", "a-www.example.org TXT 0->1");
        assertThat(UpdateMessages.build(ZONE, List.of(u)).toString()).contains("a-www.example.org.", "NONE");
    }

    @Test
    void updateOfOneSetLeavesTheOtherSetsRecordsAndOwnershipInPlace() {
        Endpoint eu = a("gslb.example.org", ME, "192.0.2.1").withSetIdentifier("eu");
        Endpoint us = a("gslb.example.org", OTHER, "198.51.100.1").withSetIdentifier("us");
        ZoneView view = zone(eu, us);
        assertThat(view.endpoints()).containsExactlyInAnyOrder(eu, us);

        Endpoint eu2 = eu.withTargets(List.of("192.0.2.7"));
        NameUpdate u = NamePlanner.plan(view, eu.name(), List.of(new Change.Replace(eu, eu2))).update().orElseThrow();

        List<Record> next = u.rrsets().get(0).next();
        assertThat(next).extracting(RecordCodec::target).containsExactlyInAnyOrder("192.0.2.7", "198.51.100.1");
        List<Record> txt = u.rrsets().get(1).next();
        assertThat(txt).extracting(r -> Ownership.parse(RecordCodec.target(r)).orElseThrow().owner()).containsExactlyInAnyOrder("me", "other");
    }

    @Test
    void anUnchangedRecordSetSendsNothing() {
        Endpoint mine = a("www.example.org", ME, "192.0.2.1");

        NameUpdate u = NamePlanner.plan(zone(mine), mine.name(), List.of(new Change.Replace(mine, mine))).update().orElseThrow();

        assertThat(u.rrsets()).isEmpty();
    }

    @Test
    void batchesHoldWholeNamesUpToTheSize() {
        NameUpdate one = new NameUpdate(ZONE, DnsName.of("a.example.org"), List.of(new Change.Create(a("a.example.org", ME, "192.0.2.1"))), List.of());
        Endpoint b = a("b.example.org", ME, "192.0.2.2");
        NameUpdate three = new NameUpdate(ZONE, b.name(), List.of(new Change.Create(b), new Change.Create(b), new Change.Create(b)), List.of());

        assertThat(UpdateMessages.batches(List.of(one, one, one), 2)).extracting(List::size).containsExactly(2, 1);
        assertThat(UpdateMessages.batches(List.of(one, three, one), 2)).extracting(List::size).containsExactly(1, 1, 1);
        assertThat(UpdateMessages.batches(List.of(one, three), 50)).extracting(List::size).containsExactly(2);
    }

    static Stream<Arguments> recordByRecord() {
        Endpoint eu = a("gslb.example.org", ME, "192.0.2.1").withSetIdentifier("eu");
        Endpoint us = a("gslb.example.org", OTHER, "198.51.100.1").withSetIdentifier("us");
        Endpoint usSame = a("gslb.example.org", OTHER, "192.0.2.1").withSetIdentifier("us");
        Endpoint plain = a("gslb.example.org", ME, "192.0.2.1");
        Endpoint eu2 = eu.withTargets(List.of("192.0.2.7"));
        return Stream.of(
                Arguments.of("one set replaced beside another's", zone(eu, us), new Change.Replace(eu, eu2), true),
                Arguments.of("one set deleted beside another's", zone(eu, us), new Change.Delete(eu), true),
                Arguments.of("a set added beside another's", zone(us), new Change.Create(eu), true),
                Arguments.of("the first set of the RRset", zone(), new Change.Create(eu), false),
                Arguments.of("the last set of the RRset deleted", zone(eu), new Change.Delete(eu), false),
                Arguments.of("two sets claim the same record", zone(eu, usSame), new Change.Replace(eu, eu2), false),
                Arguments.of("no set identifiers", zone(plain), new Change.Replace(plain, plain.withTargets(List.of("192.0.2.7"))), false),
                Arguments.of("the TTL moves", zone(eu, us), new Change.Replace(eu, eu.withTtl(120)), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordByRecord")
    void sharedRrsetsChangeRecordByRecord(String what, ZoneView view, Change change, boolean perRecord) {
        NameUpdate u = NamePlanner.plan(view, DnsName.of("gslb.example.org"), List.of(change)).update().orElseThrow();

        assertThat(u.rrsets()).extracting(RrsetChange::perRecord).containsOnly(perRecord);
        Message m = UpdateMessages.build(ZONE, List.of(u));
        // A record-by-record change never deletes a whole RRset (class ANY in the update section).
        boolean wholeDelete = m.getSection(Section.UPDATE).stream().anyMatch(r -> r.getDClass() == DClass.ANY);
        assertThat(wholeDelete).isEqualTo(!perRecord && u.rrsets().stream().anyMatch(r -> !r.current().isEmpty()));
    }

    @Test
    void aRecordByRecordDeleteRemovesOnlyThisSetsRecordAndOwnershipRecord() {
        Endpoint eu = a("gslb.example.org", ME, "192.0.2.1").withSetIdentifier("eu");
        Endpoint us = a("gslb.example.org", OTHER, "198.51.100.1").withSetIdentifier("us");

        NameUpdate u = NamePlanner.plan(zone(eu, us), eu.name(), List.of(new Change.Delete(eu))).update().orElseThrow();
        Message m = UpdateMessages.build(ZONE, List.of(u));

        assertThat(m.getSection(Section.UPDATE)).allMatch(r -> r.getDClass() == DClass.NONE)
                .extracting(r -> r.getName() + " " + RecordCodec.target(r))
                .containsExactlyInAnyOrder("gslb.example.org. 192.0.2.1", "a-gslb.example.org. " + Ownership.of(eu).format());
        assertThat(m.getSection(Section.PREREQ)).allMatch(r -> r.getDClass() == DClass.ANY).hasSize(2);
    }
}
