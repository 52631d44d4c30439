package dev.wayfinder.provider.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.model.Changes;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.model.Update;
import dev.wayfinder.model.skydns.SkyDnsEntry;
import dev.wayfinder.model.skydns.SkyDnsKeys;
import dev.wayfinder.model.skydns.SkyDnsMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The planner as a table: what is stored, what is asked, which keys are guarded, put and deleted — or why not. */
class NamePlannerTest {

    private static final SkyDnsMapping MAPPING = new SkyDnsMapping(SkyDnsKeys.defaults(), List.of(DnsName.of("example.org")), 300);
    private static final NamePlanner PLANNER = new NamePlanner(MAPPING);

    private static final Endpoint MINE_1 = endpoint("me", "192.0.2.1");
    private static final Endpoint MINE_2 = endpoint("me", "192.0.2.2");
    private static final Endpoint THEIRS_1 = endpoint("other", "192.0.2.1");
    private static final Endpoint NO_OWNER_1 = endpoint("", "192.0.2.1");

    private static Endpoint endpoint(String owner, String... targets) {
        return new Endpoint(DnsName.of("www.example.org"), RecordType.A, List.of(targets), 60, "", Metadata.owned(owner, ""));
    }

    private static String key(Endpoint e) {
        return MAPPING.toEntries(e).get(0).key();
    }

    /** Stores the endpoints' entries at mod revision 7, plus raw malformed keys. */
    private static Snapshot stored(List<Endpoint> endpoints, String... malformedKeys) {
        List<StoredKey> keys = new ArrayList<>();
        for (Endpoint e : endpoints) {
            for (SkyDnsEntry entry : MAPPING.toEntries(e)) {
                keys.add(StoredKey.decoded(entry.key(), 7, entry));
            }
        }
        for (String k : malformedKeys) {
            keys.add(StoredKey.malformed(k, 9, "invalid JSON"));
        }
        return Snapshot.of(keys, MAPPING);
    }

    private static NameChange change(Changes c) {
        return NameChange.group(c).get(0);
    }

    static Stream<Arguments> writes() {
        return Stream.of(
                Arguments.of("create into nothing: put, guard absence", List.of(), Changes.create(MINE_1),
                        Map.of(key(MINE_1), 0L), Set.of(key(MINE_1)), Set.of()),
                Arguments.of("delete mine: delete, guard revision", List.of(MINE_1), Changes.delete(MINE_1),
                        Map.of(key(MINE_1), 7L), Set.of(), Set.of(key(MINE_1))),
                Arguments.of("update mine to another target", List.of(MINE_1), Changes.update(new Update(MINE_1, MINE_2)),
                        Map.of(key(MINE_1), 7L, key(MINE_2), 0L), Set.of(key(MINE_2)), Set.of(key(MINE_1))),
                Arguments.of("update TTL only rewrites the same key", List.of(MINE_1), Changes.update(new Update(MINE_1, MINE_1.withTtl(600))),
                        Map.of(key(MINE_1), 7L), Set.of(key(MINE_1)), Set.of()),
                Arguments.of("delete mine leaves their TXT alone but guards it",
                        List.of(MINE_1, THEIRS_1.withTargets(List.of()).withMetadata(Metadata.owned("other", ""))), Changes.delete(MINE_1),
                        Map.of(key(MINE_1), 7L), Set.of(), Set.of(key(MINE_1))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writes")
    void writes(String what, List<Endpoint> store, Changes asked, Map<String, Long> guards, Set<String> puts, Set<String> deletes) {
        NamePlanner.Plan plan = PLANNER.plan(change(asked), stored(store), false);

        assertThat(plan).isInstanceOf(NamePlanner.Write.class);
        NameWrite w = ((NamePlanner.Write) plan).write();
        assertThat(w.guards()).isEqualTo(guards);
        assertThat(w.puts().keySet()).isEqualTo(puts);
        assertThat(w.deletes()).isEqualTo(deletes);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("create over their record set", List.of(THEIRS_1), Changes.create(MINE_2), "is owned by 'other'"),
                Arguments.of("create over an ownerless record set", List.of(NO_OWNER_1), Changes.create(MINE_2), "has no owner"),
                Arguments.of("create an existing record set of mine", List.of(MINE_1), Changes.create(MINE_2), "cannot create, it exists"),
                Arguments.of("create onto a malformed key", List.of(), Changes.create(MINE_1), "not a SkyDNS record"),
                Arguments.of("delete theirs", List.of(THEIRS_1), Changes.delete(MINE_1), "cannot delete as owner 'me'"),
                Arguments.of("delete what is not there", List.of(), Changes.delete(MINE_1), "does not exist"),
                Arguments.of("update theirs", List.of(THEIRS_1), Changes.update(new Update(MINE_1, MINE_2)), "cannot update as owner 'me'"),
                Arguments.of("update what is not there", List.of(), Changes.update(new Update(MINE_1, MINE_2)), "does not exist"),
                Arguments.of("update that changes the owner", List.of(MINE_1), Changes.update(new Update(MINE_1, THEIRS_1)),
                        "cannot change the owner"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusals(String what, List<Endpoint> store, Changes asked, String reason) {
        Snapshot snapshot = what.contains("malformed") ? stored(store, key(MINE_1)) : stored(store);

        NamePlanner.Plan plan = PLANNER.plan(change(asked), snapshot, false);

        assertThat(plan).isInstanceOfSatisfying(NamePlanner.Refused.class, r -> assertThat(r.reason()).contains(reason));
    }

    @org.junit.jupiter.api.Test
    void aPlanMadeAgainstAnOlderReadIsStaleNotApplied() {
        Endpoint storedNow = endpoint("me", "192.0.2.1", "192.0.2.3");

        assertThat(PLANNER.plan(change(Changes.update(new Update(MINE_1, MINE_2))), stored(List.of(storedNow)), false))
                .isInstanceOfSatisfying(NamePlanner.Stale.class, s -> assertThat(s.reason()).contains("changed since it was read"));
        assertThat(PLANNER.plan(change(Changes.delete(MINE_1)), stored(List.of(storedNow)), false))
                .isInstanceOf(NamePlanner.Stale.class);
        assertThat(PLANNER.plan(change(Changes.delete(MINE_1.withTtl(Endpoint.TTL_UNSET).withTtl(60))), stored(List.of(MINE_1)), false))
                .isInstanceOf(NamePlanner.Write.class);
    }

    @org.junit.jupiter.api.Test
    void afterAnUnknownOutcomeANameAlreadyAsAskedCountsAsDone() {
        assertThat(PLANNER.plan(change(Changes.create(MINE_1)), stored(List.of(MINE_1)), true))
                .isInstanceOf(NamePlanner.AlreadyDone.class);
        assertThat(PLANNER.plan(change(Changes.create(MINE_1)), stored(List.of(MINE_1)), false))
                .isInstanceOf(NamePlanner.Refused.class);
        assertThat(PLANNER.plan(change(Changes.create(MINE_1)), stored(List.of(THEIRS_1)), true))
                .as("someone else's record is not our own success").isInstanceOf(NamePlanner.Refused.class);
    }

    /** Keys as ExternalDNS's coredns provider writes them (v0.22 coredns.go:464-471: host, ttl only when set, targetstrip 1). */
    private static Snapshot raw(Map<String, String> keys) {
        List<StoredKey> out = new ArrayList<>();
        keys.forEach((k, json) -> {
            try {
                out.add(StoredKey.decoded(k, 5, new SkyDnsEntry(k, dev.wayfinder.model.skydns.SkyDnsJson.decode(json))));
            } catch (dev.wayfinder.model.skydns.SkyDnsFormatException e) {
                throw new IllegalStateException(e);
            }
        });
        return Snapshot.of(out, MAPPING);
    }

    private static Endpoint read(Snapshot snapshot, RecordType type) {
        return MAPPING.toEndpoints(snapshot.membersAt(DnsName.of("www.example.org")).stream().map(m -> m.stored().entry().orElseThrow())
                .distinct().toList(), (k, r) -> { }).stream().filter(e -> e.type() == type).findFirst().orElseThrow();
    }

    @org.junit.jupiter.api.Test
    void anExternalDnsValueWithoutTtlIsAdoptedAsReadNotStale() {
        Snapshot snapshot = raw(Map.of("/skydns/org/example/www/048b0377", "{\"host\":\"192.0.2.1\",\"targetstrip\":1}"));
        Endpoint asRead = read(snapshot, RecordType.A);
        assertThat(asRead.ttl()).isEqualTo(Endpoint.TTL_UNSET);

        NamePlanner.Plan plan = PLANNER.plan(change(Changes.update(new Update(asRead, MINE_1))), snapshot, false);

        assertThat(plan).isInstanceOfSatisfying(NamePlanner.Write.class, w -> {
            assertThat(w.write().deletes()).containsExactly("/skydns/org/example/www/048b0377");
            assertThat(w.write().puts()).containsOnlyKeys(key(MINE_1));
            assertThat(w.write().puts().get(key(MINE_1))).contains("\"owner\":\"me\"");
        });
        assertThat(PLANNER.plan(change(Changes.delete(asRead)), snapshot, false)).isInstanceOf(NamePlanner.Write.class);
    }

    @org.junit.jupiter.api.Test
    void aMergedPreV018ValueIsAdoptedWholeAndItsOwnershipTextGoesWithIt() {
        // v0.17.0 coredns.go:400-419: the old-format ownership TXT merged into the record's value.
        Snapshot snapshot = raw(Map.of("/skydns/org/example/www/048b0377", "{\"host\":\"192.0.2.1\",\"text\":"
                + "\"\\\"heritage=external-dns,external-dns/owner=me\\\"\",\"targetstrip\":1}"));
        Endpoint asRead = read(snapshot, RecordType.A);

        NamePlanner.Plan plan = PLANNER.plan(change(Changes.update(new Update(asRead, MINE_1))), snapshot, false);

        assertThat(plan).isInstanceOfSatisfying(NamePlanner.Write.class,
                w -> assertThat(w.write().deletes()).containsExactly("/skydns/org/example/www/048b0377"));
    }

    @org.junit.jupiter.api.Test
    void onlyARecordSetWithoutAnyOwnerCanBeAdopted() {
        Snapshot mixed = stored(List.of(NO_OWNER_1, endpoint("other", "192.0.2.9")));
        assertThat(PLANNER.plan(change(Changes.update(new Update(NO_OWNER_1, MINE_2))), mixed, false))
                .isInstanceOfSatisfying(NamePlanner.Refused.class, r -> assertThat(r.reason()).contains("is owned by 'other'"));
        assertThat(PLANNER.plan(change(Changes.update(new Update(THEIRS_1, MINE_2))), stored(List.of(THEIRS_1)), false))
                .isInstanceOfSatisfying(NamePlanner.Refused.class, r -> assertThat(r.reason()).contains("only a record set without owner"));
    }

    @org.junit.jupiter.api.Test
    void strictlyOwnedRecordSetsOfSeveralOwnersShareAName() {
        NamePlanner strict = new NamePlanner(MAPPING, true);
        Endpoint theirs = endpoint("other", "192.0.2.9");

        assertThat(strict.plan(change(Changes.create(MINE_1)), stored(List.of(theirs)), false)).isInstanceOfSatisfying(NamePlanner.Write.class,
                w -> {
                    assertThat(w.write().puts()).containsOnlyKeys(key(MINE_1));
                    assertThat(w.write().guards()).containsEntry(key(theirs), 7L);
                    assertThat(w.write().deletes()).isEmpty();
                });
        assertThat(strict.plan(change(Changes.update(new Update(MINE_1, MINE_2))), stored(List.of(MINE_1, theirs)), false))
                .isInstanceOfSatisfying(NamePlanner.Write.class, w -> assertThat(w.write().deletes()).containsExactly(key(MINE_1)));
        assertThat(strict.plan(change(Changes.create(MINE_1)), stored(List.of(THEIRS_1)), false))
                .as("the same key is never overwritten").isInstanceOfSatisfying(NamePlanner.Refused.class,
                        r -> assertThat(r.reason()).contains("is owned by 'other'"));
    }
}
