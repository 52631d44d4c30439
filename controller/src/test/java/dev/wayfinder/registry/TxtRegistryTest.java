package dev.wayfinder.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.model.Changes;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.model.Update;
import dev.wayfinder.model.txt.TxtNames;
import dev.wayfinder.plan.CurrentRecord;
import dev.wayfinder.plan.Policy;
import dev.wayfinder.provider.DomainFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The registry's decisions as tables: who owns what ExternalDNS left, and which ownership records
 * go with a plan. Records are written as ExternalDNS's coredns provider reads them back (v0.22
 * coredns.go:317-375: one endpoint per name and type, TXT text verbatim), registry texts as its
 * TXT registry writes them (registry/txt/registry.go:344, endpoint/labels.go:108-127).
 */
class TxtRegistryTest {

    static final DomainFilter ZONE = DomainFilter.of("foowidgets.k8s");
    static final String ME = "cluster1";
    static final UnaryOperator<Endpoint> DEFAULT_TTL = e -> e.hasTtl() ? e : e.withTtl(300);

    static Endpoint rec(String owner, String name, RecordType type, long ttl, String resource, String... targets) {
        return new Endpoint(DnsName.of(name), type, List.of(targets), ttl, "", Metadata.owned(owner, resource));
    }

    static Endpoint a(String owner, String name, String ip) {
        return rec(owner, name, RecordType.A, owner.isEmpty() ? 0 : 300, owner.isEmpty() ? "" : "service/default/" + name.split("\\.")[0], ip);
    }

    static String heritage(String owner, String resource) {
        return "\"heritage=external-dns,external-dns/owner=" + owner + ",external-dns/resource=" + resource + "\"";
    }

    /** An ownership record as ExternalDNS wrote it: no ttl, no owner field. */
    static Endpoint externalTxt(String name, String owner, String resource) {
        return rec("", name, RecordType.TXT, 0, "", heritage(owner, resource));
    }

    /** An ownership record as Wayfinder writes it: default TTL, owner and resource fields. */
    static Endpoint ourTxt(String name, String resource) {
        return rec(ME, name, RecordType.TXT, 300, resource, heritage(ME, resource));
    }

    static TxtRegistry registry(RegistrySettings settings) {
        return new TxtRegistry(settings, ME);
    }

    static Changes entries(TxtRegistry r, List<Endpoint> stored, Changes planned, Policy policy) {
        return r.entries(r.read(stored), planned, policy, ZONE, DEFAULT_TTL);
    }

    static List<String> describe(Changes c) {
        List<String> out = new ArrayList<>();
        c.create().forEach(e -> out.add("create " + e.name() + " " + e.targets()));
        c.update().forEach(u -> out.add("update " + u.key().name() + " " + u.before().targets() + " -> " + u.after().targets()));
        c.delete().forEach(e -> out.add("delete " + e.name() + " " + e.targets()));
        return out;
    }

    @Test
    void takingOverRewritesExternalDnsOwnershipRecordInWayfindersForm() {
        Endpoint external = a("", "nginx.foowidgets.k8s", "172.18.200.101");
        Endpoint txt = externalTxt("a-nginx.foowidgets.k8s", ME, "service/default/nginx");
        TxtRegistry r = registry(RegistrySettings.DEFAULTS);
        RegistryView view = r.read(List.of(external, txt));
        assertThat(view.records()).singleElement().isEqualTo(new CurrentRecord(external, ME));
        assertThat(view.entries()).containsExactly(txt);

        Endpoint adopted = a(ME, "nginx.foowidgets.k8s", "172.18.200.101");
        Changes planned = Changes.update(new Update(external, adopted));
        Changes entries = r.entries(view, planned, Policy.SYNC, ZONE, DEFAULT_TTL);

        assertThat(entries.update()).singleElement().satisfies(u -> {
            assertThat(u.before()).isEqualTo(txt);
            assertThat(u.after()).isEqualTo(ourTxt("a-nginx.foowidgets.k8s", "service/default/nginx"));
        });
        assertThat(entries.create()).isEmpty();
        assertThat(entries.delete()).isEmpty();
    }

    /** Each row: what is stored, what the plan does, the policy, the ownership record changes that go with it. */
    static Stream<Arguments> entryChanges() {
        Endpoint mine = a(ME, "web.foowidgets.k8s", "10.0.0.1");
        Endpoint mineTxt = ourTxt("a-web.foowidgets.k8s", "service/default/web");
        Endpoint claimed = a("", "old.foowidgets.k8s", "10.0.0.2");
        Endpoint claimedTxt = externalTxt("a-old.foowidgets.k8s", ME, "service/default/old");
        Endpoint theirs = a("", "theirs.foowidgets.k8s", "10.0.0.3");
        Endpoint theirsTxt = externalTxt("a-theirs.foowidgets.k8s", "other", "service/x/theirs");
        Endpoint legacyMerged = rec("", "merged.foowidgets.k8s", RecordType.TXT, 0, "", heritage(ME, "service/default/merged"));
        return Stream.of(
                Arguments.of("a new record set gets its ownership record", List.of(),
                        Changes.create(mine), Policy.SYNC, List.of("create a-web.foowidgets.k8s [" + heritage(ME, "service/default/web") + "]")),
                Arguments.of("an owned record set with its record: nothing", List.of(mine, mineTxt), Changes.NONE, Policy.SYNC, List.of()),
                Arguments.of("an owned record set without its record (a lost write): written", List.of(mine), Changes.NONE, Policy.SYNC,
                        List.of("create a-web.foowidgets.k8s [" + heritage(ME, "service/default/web") + "]")),
                Arguments.of("deleting a record set that stores its owner takes its record along", List.of(mine, mineTxt),
                        Changes.delete(mine), Policy.SYNC, List.of("delete a-web.foowidgets.k8s [" + heritage(ME, "service/default/web") + "]")),
                Arguments.of("deleting a record set owned only through its record keeps the record until the set is gone",
                        List.of(claimed, claimedTxt), Changes.delete(claimed), Policy.SYNC, List.of()),
                Arguments.of("a record of mine that claims a gone record set goes", List.of(claimedTxt), Changes.NONE, Policy.SYNC,
                        List.of("delete a-old.foowidgets.k8s [" + heritage(ME, "service/default/old") + "]")),
                Arguments.of("... but not under upsert-only", List.of(claimedTxt), Changes.NONE, Policy.UPSERT_ONLY, List.of()),
                Arguments.of("another owner's records are never touched", List.of(theirs, theirsTxt), Changes.NONE, Policy.SYNC, List.of()),
                Arguments.of("a record set of mine whose name another owner's record claims gets none of mine",
                        List.of(theirsTxt), Changes.create(a(ME, "theirs.foowidgets.k8s", "10.0.0.9")), Policy.SYNC, List.of()),
                Arguments.of("a pre-0.18 text merged into a value stays while that value does not store its owner; the typed one is added",
                        List.of(a("", "merged.foowidgets.k8s", "10.0.0.4"), legacyMerged), Changes.NONE, Policy.SYNC,
                        List.of("create a-merged.foowidgets.k8s [" + heritage(ME, "service/default/merged") + "]")),
                Arguments.of("an old-format record goes once the name's record sets store their owner and have their typed record",
                        List.of(a(ME, "merged.foowidgets.k8s", "10.0.0.4"), legacyMerged, ourTxt("a-merged.foowidgets.k8s", "service/default/merged")),
                        Changes.NONE, Policy.SYNC, List.of("delete merged.foowidgets.k8s [" + heritage(ME, "service/default/merged") + "]")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entryChanges")
    void entryChanges(String what, List<Endpoint> stored, Changes planned, Policy policy, List<String> expected) {
        assertThat(describe(entries(registry(RegistrySettings.DEFAULTS), stored, planned, policy))).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void affixesAndWildcardReplacementNameTheRecordsAsExternalDnsDoes() {
        RegistrySettings prefixed = new RegistrySettings(RegistrySettings.Kind.TXT, new TxtNames("external-dns-", "", "wild"), false);
        Endpoint wildcard = a("", "*.apps.foowidgets.k8s", "10.0.0.5");
        Endpoint txt = externalTxt("external-dns-a-wild.apps.foowidgets.k8s", ME, "ingress/default/apps");
        TxtRegistry r = registry(prefixed);

        assertThat(r.read(List.of(wildcard, txt)).records()).singleElement().extracting(CurrentRecord::owner).isEqualTo(ME);
        assertThat(describe(entries(r, List.of(), Changes.create(a(ME, "*.apps.foowidgets.k8s", "10.0.0.5")), Policy.SYNC)))
                .containsExactly("create external-dns-a-wild.apps.foowidgets.k8s [" + heritage(ME, "service/default/*") + "]");
    }

    @Test
    void strictlyOwnedSeesOnlyItsOwnAndWhatItsRecordsClaim() {
        RegistrySettings strict = new RegistrySettings(RegistrySettings.Kind.TXT, TxtNames.DEFAULT, true);
        Endpoint mine = a(ME, "a.foowidgets.k8s", "10.0.0.1");
        Endpoint theirs = a("other", "a.foowidgets.k8s", "10.0.0.2");
        Endpoint byHand = a("", "b.foowidgets.k8s", "10.0.0.3");
        Endpoint claimed = a("", "c.foowidgets.k8s", "10.0.0.4");
        Endpoint claim = externalTxt("a-c.foowidgets.k8s", ME, "service/default/c");

        Endpoint theirClaim = rec("other", "a-a.foowidgets.k8s", RecordType.TXT, 0, "", heritage("other", "service/x/a"));
        Endpoint myClaim = rec(ME, "a-a.foowidgets.k8s", RecordType.TXT, 0, "", heritage(ME, "service/default/a"));
        RegistryView view = registry(strict).read(List.of(mine, theirs, byHand, claimed, claim, theirClaim, myClaim));

        assertThat(view.records()).containsExactlyInAnyOrder(new CurrentRecord(mine, ME), new CurrentRecord(claimed, ME));
        assertThat(view.entries()).containsExactlyInAnyOrder(claim, myClaim);
        // Their ownership record of the shared name is not in the way of rewriting mine in Wayfinder's form.
        assertThat(describe(registry(strict).entries(view, Changes.NONE, Policy.SYNC, ZONE, DEFAULT_TTL)))
                .contains("update a-a.foowidgets.k8s [" + heritage(ME, "service/default/a") + "] -> [" + heritage(ME, "service/default/a") + "]");
    }

    @Test
    void noopOwnsEveryUnownedRecordOfTheManagedTypesAndWritesNoRecords() {
        RegistrySettings noop = new RegistrySettings(RegistrySettings.Kind.NOOP, TxtNames.DEFAULT, false);
        Endpoint unowned = a("", "a.foowidgets.k8s", "10.0.0.1");
        Endpoint spf = rec("", "a.foowidgets.k8s", RecordType.TXT, 0, "", "v=spf1 -all");
        Endpoint theirs = a("other", "b.foowidgets.k8s", "10.0.0.2");
        TxtRegistry r = registry(noop);

        assertThat(r.read(List.of(unowned, spf, theirs)).records()).containsExactlyInAnyOrder(new CurrentRecord(unowned, ME),
                new CurrentRecord(spf, ""), new CurrentRecord(theirs, "other"));
        assertThat(entries(r, List.of(), Changes.create(a(ME, "c.foowidgets.k8s", "10.0.0.3")), Policy.SYNC).isEmpty()).isTrue();
    }

    @Test
    void severalOwnersClaimingOneRecordSetMakeItNobodys() {
        Endpoint external = a("", "nginx.foowidgets.k8s", "10.0.0.1");
        assertThat(registry(RegistrySettings.DEFAULTS).read(List.of(external, externalTxt("a-nginx.foowidgets.k8s", ME, "x"),
                rec("", "a-nginx.foowidgets.k8s", RecordType.TXT, 0, "", heritage("other", "y")))).records())
                .singleElement().extracting(CurrentRecord::owner).isEqualTo("");
    }
}
