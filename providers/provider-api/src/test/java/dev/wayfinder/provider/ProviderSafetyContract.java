package dev.wayfinder.provider;

import static dev.wayfinder.provider.ContractFixtures.EXAMPLE_ORG;
import static dev.wayfinder.provider.ContractFixtures.ME;
import static dev.wayfinder.provider.ContractFixtures.OTHER;
import static dev.wayfinder.provider.ContractFixtures.adjusted;
import static dev.wayfinder.provider.ContractFixtures.atName;
import static dev.wayfinder.provider.ContractFixtures.byKey;
import static dev.wayfinder.provider.ContractFixtures.mine;
import static dev.wayfinder.provider.ContractFixtures.theirs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.wayfinder.model.Changes;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.model.Update;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The cases of {@link DnsProviderContract} that keep a provider from doing harm: stale plans,
 * other owners' records, names outside the domain filter, and failed batches.
 */
public abstract class ProviderSafetyContract extends ProviderContractSupport {

    @Test
    void anUpdatePlannedAgainstAnOldReadFailsAndKeepsTheNewerRecords() throws Exception {
        Endpoint read = mine("www.example.org", RecordType.A, "192.0.2.1");
        provider.apply(Changes.create(read));
        Endpoint stale = provider.records().get(0);
        DnsProvider otherWriter = open(EXAMPLE_ORG);
        otherWriter.apply(Changes.update(new Update(otherWriter.records().get(0), read.withTargets(List.of("192.0.2.2")))));
        List<Endpoint> newer = otherWriter.records();

        assertThatThrownBy(() -> provider.apply(Changes.update(new Update(stale, read.withTargets(List.of("192.0.2.3"))))))
                .as("a concurrent writer is never overwritten silently").isInstanceOf(ProviderException.class);
        assertThat(byKey(provider.records())).isEqualTo(byKey(newer));
    }

    // ---------------------------------------------------------------- ownership

    @Test
    void recordsCarryTheirOwner() throws Exception {
        provider.apply(Changes.create(mine("a.example.org", RecordType.A, "192.0.2.1"),
                theirs("b.example.org", RecordType.A, "192.0.2.2")));

        Map<DnsName, String> owners = provider.records().stream()
                .collect(Collectors.toMap(Endpoint::name, e -> e.metadata().owner()));
        assertThat(owners).containsOnly(Map.entry(DnsName.of("a.example.org"), ME), Map.entry(DnsName.of("b.example.org"), OTHER));
    }

    @Test
    void anUpdateAdoptsARecordSetWithoutOwner() throws Exception {
        Endpoint unowned = ContractFixtures.endpoint("www.example.org", RecordType.A, 60, "", "192.0.2.1");
        provider.apply(Changes.create(unowned));
        Endpoint read = provider.records().get(0);
        assertThat(read.metadata().owner()).isEmpty();

        Endpoint adopted = mine("www.example.org", RecordType.A, "192.0.2.1");
        provider.apply(Changes.update(new Update(read, adopted)));

        assertThat(byKey(provider.records())).isEqualTo(adjusted(provider, adopted));
    }

    @Test
    void createCollidingWithAnotherOwnersRecordFailsAndLeavesItIntact() throws Exception {
        Endpoint theirs = theirs("www.example.org", RecordType.A, "192.0.2.1");
        provider.apply(Changes.create(theirs));

        assertThatThrownBy(() -> provider.apply(Changes.create(mine("www.example.org", RecordType.A, "192.0.2.99"))))
                .isInstanceOf(ProviderException.class);
        assertThat(byKey(provider.records())).isEqualTo(adjusted(provider, theirs));
    }

    /** A refusal (ProviderException) is allowed and expected; removing their record is not. */
    @Test
    void deleteByMeNeverRemovesAnotherOwnersRecordSet() throws Exception {
        Endpoint theirs = theirs("www.example.org", RecordType.A, "192.0.2.1");
        provider.apply(Changes.create(theirs));

        Throwable thrown = catchThrowable(() -> provider.apply(Changes.delete(mine("www.example.org", RecordType.A, "192.0.2.1"))));

        if (thrown != null) {
            assertThat(thrown).as("refusing is fine; failing with anything but a ProviderException is not")
                    .isInstanceOf(ProviderException.class);
        }
        assertThat(byKey(provider.records())).isEqualTo(adjusted(provider, theirs));
    }

    @Test
    void updateByMeNeverChangesAnotherOwnersRecordSet() throws Exception {
        Endpoint theirs = theirs("www.example.org", RecordType.A, "192.0.2.1");
        provider.apply(Changes.create(theirs));
        Endpoint myView = mine("www.example.org", RecordType.A, "192.0.2.1");

        Throwable thrown = catchThrowable(() -> provider.apply(Changes.update(
                new Update(myView, myView.withTargets(List.of("192.0.2.99"))))));

        if (thrown != null) {
            assertThat(thrown).isInstanceOf(ProviderException.class);
        }
        assertThat(byKey(provider.records())).isEqualTo(adjusted(provider, theirs));
    }

    // ---------------------------------------------------------------- domain filter

    @Test
    void changeOutsideTheFilterIsRefusedPermanentlyAndNothingIsWritten() throws Exception {
        Changes changes = Changes.create(mine("inside.example.org", RecordType.A, "192.0.2.1"),
                mine("www.example.com", RecordType.A, "192.0.2.2"));

        Throwable thrown = catchThrowable(() -> provider.apply(changes));

        assertThat(thrown).isInstanceOf(ProviderException.class).hasMessageContaining("www.example.com");
        assertThat(((ProviderException) thrown).kind()).isEqualTo(ProviderException.Kind.PERMANENT);
        assertThat(provider.records()).isEmpty();
        assertThat(open(DomainFilter.ALL).records()).as("nothing outside the filter either").isEmpty();
    }

    @Test
    void recordsReturnsOnlyNamesInsideTheFilter() throws Exception {
        DnsProvider wide = open(DomainFilter.ALL);
        Endpoint inside = mine("www.example.org", RecordType.A, "192.0.2.1");
        Endpoint sibling = mine("www.example.com", RecordType.A, "192.0.2.2");
        Endpoint lookalike = mine("badexample.org", RecordType.A, "192.0.2.3");
        wide.apply(Changes.create(inside, sibling, lookalike));

        assertThat(byKey(provider.records())).isEqualTo(adjusted(provider, inside));
        assertThat(wide.records()).hasSize(3);
    }

    // ---------------------------------------------------------------- failed batches

    @Test
    void failedBatchLeavesEveryNameEitherAsItWasOrAsAsked() throws Exception {
        Endpoint keepA = mine("keep.example.org", RecordType.A, "192.0.2.1");
        Endpoint changeA = mine("change.example.org", RecordType.A, "192.0.2.2", "192.0.2.3");
        Endpoint changeTxt = mine("change.example.org", RecordType.TXT, "old");
        Endpoint goneA = mine("gone.example.org", RecordType.A, "192.0.2.4");
        provider.apply(Changes.create(keepA, changeA, changeTxt, goneA));
        List<Endpoint> before = provider.records();
        Map<Endpoint.Key, Endpoint> stored = before.stream().collect(Collectors.toMap(Endpoint::key, e -> e));

        Endpoint newA = mine("new.example.org", RecordType.A, "192.0.2.5");
        Endpoint changedA = changeA.withTargets(List.of("192.0.2.9"));
        Endpoint changedTxt = changeTxt.withTargets(List.of("new"));
        Changes batch = new Changes(
                List.of(newA, keepA.withTargets(List.of("192.0.2.77"))), // the second create collides
                List.of(new Update(stored.get(changeA.key()), changedA), new Update(stored.get(changeTxt.key()), changedTxt)),
                List.of(stored.get(goneA.key())));

        assertThatThrownBy(() -> provider.apply(batch)).isInstanceOf(ProviderException.class);

        List<Endpoint> after = provider.records();
        Map<String, List<Endpoint>> asAsked = Map.of(
                "new.example.org", List.of(provider.adjust(newA)),
                "change.example.org", Stream.of(changedA, changedTxt).map(provider::adjust).toList(),
                "gone.example.org", List.of());
        assertThat(atName(after, "keep.example.org")).isEqualTo(atName(before, "keep.example.org"));
        for (Map.Entry<String, List<Endpoint>> name : asAsked.entrySet()) {
            List<Endpoint> now = atName(after, name.getKey());
            List<Endpoint> asked = name.getValue().stream().sorted(Comparator.comparing(Endpoint::key)).toList();
            assertThat(List.of(atName(before, name.getKey()), asked))
                    .as("%s must be entirely as before or entirely as asked", name.getKey())
                    .contains(now);
        }
    }
}
