package dev.wayfinder.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wayfinder.model.Changes;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.plan.CurrentRecord;
import dev.wayfinder.plan.Plan;
import dev.wayfinder.plan.PlanResult;
import dev.wayfinder.plan.Policy;
import dev.wayfinder.provider.DomainFilter;
import dev.wayfinder.provider.ProviderException;
import dev.wayfinder.provider.memory.MemoryProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RegistryTest {

    static final DomainFilter ZONE = DomainFilter.of("foowidgets.k8s");

    static Endpoint rec(String owner, String name, RecordType type, String... targets) {
        return new Endpoint(DnsName.of(name), type, List.of(targets), 300, "", Metadata.owned(owner, owner.isEmpty() ? "" : "service/ns/" + name));
    }

    static String heritage(String owner) {
        return "\"heritage=external-dns,external-dns/owner=" + owner + ",external-dns/resource=service/default/nginx\"";
    }

    static List<CurrentRecord> attribute(List<Endpoint> records) {
        return new TxtRegistry(RegistrySettings.DEFAULTS, "wf").read(records).records();
    }

    /** Each row: the records, the record asked about, the owner the registry attributes. */
    static Stream<Arguments> attribution() {
        Endpoint a = rec("", "nginx.foowidgets.k8s", RecordType.A, "1.2.3.4");
        Endpoint aaaa = rec("", "nginx.foowidgets.k8s", RecordType.AAAA, "fd00::1");
        Endpoint typedTxt = rec("", "a-nginx.foowidgets.k8s", RecordType.TXT, heritage("edns"));
        Endpoint legacyTxt = rec("", "nginx.foowidgets.k8s", RecordType.TXT, heritage("old"));
        Endpoint plainTxt = rec("", "a-nginx.foowidgets.k8s", RecordType.TXT, "v=spf1 -all");
        Endpoint stamped = rec("wf", "nginx.foowidgets.k8s", RecordType.A, "1.2.3.4");
        return Stream.of(
                Arguments.of("owner field wins", List.of(stamped, typedTxt), stamped, "wf"),
                Arguments.of("ExternalDNS a- TXT claims the A", List.of(a, typedTxt), a, "edns"),
                Arguments.of("a- TXT does not claim the AAAA", List.of(aaaa, typedTxt), aaaa, ""),
                Arguments.of("legacy TXT at the name claims the A", List.of(a, legacyTxt), a, "old"),
                Arguments.of("legacy TXT does not claim the AAAA (registry.go:272)", List.of(aaaa, legacyTxt), aaaa, ""),
                Arguments.of("a TXT without heritage claims nothing", List.of(a, plainTxt), a, ""),
                Arguments.of("hand-written: nobody", List.of(a), a, ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attribution")
    void attributesOwners(String why, List<Endpoint> records, Endpoint asked, String owner) {
        assertThat(attribute(records)).filteredOn(c -> c.record().equals(asked)).singleElement()
                .extracting(CurrentRecord::owner).isEqualTo(owner);
    }

    @Test
    void registryRecordsAreNeverRecordsThePlanSees() {
        Endpoint typedTxt = rec("", "a-nginx.foowidgets.k8s", RecordType.TXT, heritage("edns"));
        assertThat(attribute(List.of(typedTxt))).isEmpty();
    }

    @Test
    void externalDnsRecordsAndTheirTxtAreNeverTouchedByAnotherOwner() throws Exception {
        List<Endpoint> published = List.of(rec("", "nginx.foowidgets.k8s", RecordType.A, "1.2.3.4"),
                rec("", "a-nginx.foowidgets.k8s", RecordType.TXT, heritage("edns")));
        Endpoint want = new Endpoint(DnsName.of("nginx.foowidgets.k8s"), RecordType.A, List.of("5.6.7.8"), 300, "",
                Metadata.owned("", "service/default/nginx"));
        PlanResult r = Plan.compute(attribute(published), List.of(want), "wf", Policy.SYNC, ZONE);
        assertThat(r.changes().isEmpty()).isTrue();
        assertThat(r.conflicts()).singleElement().satisfies(c -> assertThat(c.holder()).isEqualTo("owner edns"));
    }

    @Test
    void sameOwnerIdAdoptsExternalDnsRecordsAndKeepsItsTxtForARollback() throws Exception {
        MemoryProvider provider = new MemoryProvider(ZONE);
        Endpoint external = rec("", "nginx.foowidgets.k8s", RecordType.A, "1.2.3.4");
        Endpoint txt = new Endpoint(DnsName.of("a-nginx.foowidgets.k8s"), RecordType.TXT, List.of(heritage("wf")), 0, "", Metadata.NONE);
        provider.apply(Changes.create(external, txt));
        Registry registry = new Registry(provider, "wf", DeletionGuard.defaults());
        Endpoint want = new Endpoint(DnsName.of("nginx.foowidgets.k8s"), RecordType.A, List.of("1.2.3.4"), 300, "",
                Metadata.owned("", "service/default/nginx"));

        RegistryView view = registry.current();
        PlanResult r = Plan.compute(view.records(), List.of(want), "wf", Policy.SYNC, ZONE);
        registry.apply(registry.complete(r.changes(), view, Policy.SYNC), view);

        assertThat(r.changes().update()).singleElement().satisfies(u -> assertThat(u.after().metadata().owner()).isEqualTo("wf"));
        assertThat(r.changes().delete()).isEmpty();
        assertThat(provider.records()).extracting(e -> e.name() + " " + e.type() + " " + e.metadata().owner())
                .containsExactlyInAnyOrder("nginx.foowidgets.k8s A wf", "a-nginx.foowidgets.k8s TXT ");
    }

    @Test
    void refusesToChangeARecordItDoesNotOwnEvenIfThePlanAsks() throws Exception {
        MemoryProvider provider = new MemoryProvider(ZONE);
        Endpoint foreign = rec("other", "x.foowidgets.k8s", RecordType.A, "1.1.1.1");
        provider.apply(Changes.create(foreign));
        Registry registry = new Registry(provider, "wf", DeletionGuard.defaults());
        assertThatThrownBy(() -> registry.apply(Changes.delete(foreign), registry.current()))
                .isInstanceOf(ProviderException.class).hasMessageContaining("not owned by wf");
        assertThatThrownBy(() -> registry.apply(Changes.create(rec("", "y.foowidgets.k8s", RecordType.A, "1.1.1.2")), registry.current()))
                .isInstanceOf(ProviderException.class).hasMessageContaining("without owner wf");
        assertThat(provider.records()).containsExactly(foreign);
    }

    @Test
    void deletionGuardStopsAMassDeleteAndAppliesNothing() throws Exception {
        MemoryProvider provider = new MemoryProvider(ZONE);
        List<Endpoint> mine = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            mine.add(rec("wf", "s" + i + ".foowidgets.k8s", RecordType.A, "10.0.0." + i));
        }
        provider.apply(new Changes(mine, List.of(), List.of()));
        Registry registry = new Registry(provider, "wf", DeletionGuard.defaults());
        PlanResult emptySources = Plan.compute(registry.current().records(), List.of(), "wf", Policy.SYNC, ZONE);
        assertThatThrownBy(() -> registry.apply(emptySources.changes(), registry.current()))
                .isInstanceOf(DeletionRefusedException.class).hasMessageContaining("40 of 40");
        assertThat(provider.records()).hasSize(40);

        new Registry(provider, "wf", new DeletionGuard(0.5, 10, true)).apply(emptySources.changes(), registry.current());
        assertThat(provider.records()).isEmpty();
    }

    static Stream<Arguments> guard() {
        return Stream.of(
                Arguments.of(1, 1, true), Arguments.of(10, 10, true), Arguments.of(11, 100, true), Arguments.of(50, 100, true),
                Arguments.of(51, 100, false), Arguments.of(11, 20, false));
    }

    /** A GSLB failover moves every name's answer from one cluster's record set to another's: no name is lost, nothing is refused. */
    @org.junit.jupiter.api.Test
    void recordSetsReplacedUnderTheSameNameAreNotLosses() {
        List<Endpoint> gone = new ArrayList<>();
        List<Endpoint> added = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            gone.add(new Endpoint(dev.wayfinder.model.DnsName.of("g" + i + ".foowidgets.k8s"), RecordType.A, List.of("10.2.1.167"), 30,
                    "us-buf", dev.wayfinder.model.Metadata.owned("wf", "gslb/ns/g" + i)));
            added.add(new Endpoint(dev.wayfinder.model.DnsName.of("g" + i + ".foowidgets.k8s"), RecordType.A, List.of("10.2.1.98"), 30,
                    "us-nyc", dev.wayfinder.model.Metadata.owned("wf", "gslb/ns/g" + i)));
        }
        List<Endpoint> localTargets = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            localTargets.add(new Endpoint(dev.wayfinder.model.DnsName.of("localtargets-g" + i + ".foowidgets.k8s"), RecordType.A,
                    List.of("10.2.1.167"), 30, "", dev.wayfinder.model.Metadata.owned("wf", "gslb/ns/g" + i)));
        }
        List<Endpoint> owned = new ArrayList<>(gone);
        owned.addAll(localTargets);
        List<Endpoint> deleted = new ArrayList<>(gone);
        deleted.addAll(localTargets);
        assertThat(DeletionGuard.defaults().refusal(new Changes(added, List.of(), deleted), owned))
                .as("every Gslb still answers: its localtargets- withdrawn, its answer moved").isEmpty();
        assertThat(DeletionGuard.defaults().refusal(new Changes(List.of(), List.of(), deleted), owned))
                .as("the sources went blind: every record of every Gslb gone").isPresent();
    }

    @ParameterizedTest(name = "delete {0} of {1}: allowed={2}")
    @MethodSource("guard")
    void guardTable(int deletes, int owned, boolean allowed) {
        List<Endpoint> d = new ArrayList<>();
        for (int i = 0; i < deletes; i++) {
            d.add(rec("wf", "s" + i + ".foowidgets.k8s", RecordType.A, "10.0.0.1"));
        }
        assertThat(DeletionGuard.defaults().refusal(new Changes(List.of(), List.of(), d), owned).isEmpty()).isEqualTo(allowed);
    }
}
