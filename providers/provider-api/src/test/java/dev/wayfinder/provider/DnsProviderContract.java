package dev.wayfinder.provider;

import static dev.wayfinder.provider.ContractFixtures.EXAMPLE_ORG;
import static dev.wayfinder.provider.ContractFixtures.ME;
import static dev.wayfinder.provider.ContractFixtures.RESOURCE;
import static dev.wayfinder.provider.ContractFixtures.adjusted;
import static dev.wayfinder.provider.ContractFixtures.byKey;
import static dev.wayfinder.provider.ContractFixtures.diff;
import static dev.wayfinder.provider.ContractFixtures.endpoint;
import static dev.wayfinder.provider.ContractFixtures.mine;
import static dev.wayfinder.provider.ContractFixtures.theirs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wayfinder.model.Changes;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.model.Update;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every {@link DnsProvider} passes. A provider's test extends this class and
 * implements {@link #newProvider(DomainFilter)} (and usually {@link #resetStore()}); every case here
 * and in {@link ProviderSafetyContract} then runs against it. {@link ProviderContractSupport}
 * says how state must be kept per test.
 *
 * <p>Owners are {@code me} and {@code other}; the domain filter is {@code example.org}. The
 * endpoints and helpers live in {@link ContractFixtures}, for providers' own extra cases.
 */
public abstract class DnsProviderContract extends ProviderSafetyContract {

    // ---------------------------------------------------------------- create

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.wayfinder.provider.ContractFixtures#everyType")
    void createdRecordSetReadsBackEqualAfterAdjust(String what, Endpoint endpoint) throws Exception {
        provider.apply(Changes.create(endpoint));

        assertThat(byKey(provider.records())).isEqualTo(adjusted(provider, endpoint));
    }

    @Test
    void everyTypeInOneBatchReadsBackAndNeedsNoFurtherChange() throws Exception {
        List<Endpoint> desired = List.of(
                mine("www.example.org", RecordType.A, "192.0.2.1", "192.0.2.2"),
                mine("www.example.org", RecordType.AAAA, "2001:db8::1"),
                mine("alias.example.org", RecordType.CNAME, "www.example.org"),
                mine("www.example.org", RecordType.TXT, "v=spf1 -all"),
                mine("_http._tcp.www.example.org", RecordType.SRV, "10 50 8080 www.example.org"),
                mine("example.org", RecordType.MX, "10 mx1.example.org"),
                mine("example.org", RecordType.A, "192.0.2.10"));

        provider.apply(new Changes(desired, List.of(), List.of()));

        List<Endpoint> adjustedDesired = desired.stream().map(provider::adjust).toList();
        assertThat(byKey(provider.records())).isEqualTo(byKey(adjustedDesired));
        assertThat(diff(provider.records(), adjustedDesired).isEmpty())
                .as("a plan over what was just applied must find nothing to do").isTrue();
    }

    @Test
    void recordSetsWithDifferentSetIdentifiersCoexist() throws Exception {
        assumeTrue(supportsSetIdentifiers(), () -> providerName() + " does not store set identifiers (supportsSetIdentifiers() is false)");
        Endpoint eu = mine("gslb.example.org", RecordType.A, "192.0.2.1").withSetIdentifier("eu")
                .withMetadata(new Metadata(ME, RESOURCE, "eu", OptionalInt.of(3)));
        Endpoint us = mine("gslb.example.org", RecordType.A, "198.51.100.1").withSetIdentifier("us")
                .withMetadata(new Metadata(ME, RESOURCE, "us", OptionalInt.of(1)));

        provider.apply(Changes.create(eu, us));

        assertThat(byKey(provider.records())).isEqualTo(adjusted(provider, eu, us));
    }

    @Test
    void createOfAnExistingRecordSetFails() throws Exception {
        Endpoint www = mine("www.example.org", RecordType.A, "192.0.2.1");
        provider.apply(Changes.create(www));

        assertThatThrownBy(() -> provider.apply(Changes.create(www.withTargets(List.of("192.0.2.9")))))
                .as("a second create of the same record set is an error, not a silent overwrite")
                .isInstanceOf(ProviderException.class);
        assertThat(byKey(provider.records())).isEqualTo(adjusted(provider, www));
    }

    @Test
    void unexpressibleRecordIsRefusedPermanentlyAndNothingIsWritten() throws Exception {
        Endpoint good = mine("good.example.org", RecordType.A, "192.0.2.1");
        Endpoint bad = mine("bad.example.org", RecordType.A, "not-an-address");

        Throwable thrown = catchThrowable(() -> provider.apply(Changes.create(good, bad)));

        assertThat(thrown).isInstanceOf(ProviderException.class).hasMessageContaining("bad.example.org");
        assertThat(((ProviderException) thrown).kind()).isEqualTo(ProviderException.Kind.PERMANENT);
        assertThat(provider.records()).isEmpty();
    }

    // ---------------------------------------------------------------- update and delete

    @Test
    void updateReplacesTargets() throws Exception {
        Endpoint before = mine("www.example.org", RecordType.A, "192.0.2.1", "192.0.2.2");
        provider.apply(Changes.create(before));
        Endpoint current = provider.records().get(0);

        Endpoint after = before.withTargets(List.of("192.0.2.2", "192.0.2.3", "192.0.2.4"));
        provider.apply(Changes.update(new Update(current, after)));

        assertThat(byKey(provider.records())).isEqualTo(adjusted(provider, after));

        Endpoint shrunk = after.withTargets(List.of("198.51.100.7"));
        provider.apply(Changes.update(new Update(provider.records().get(0), shrunk)));
        assertThat(byKey(provider.records())).isEqualTo(adjusted(provider, shrunk));
    }

    @Test
    void updateChangesTtl() throws Exception {
        Endpoint before = mine("www.example.org", RecordType.TXT, "hello");
        provider.apply(Changes.create(before));

        Endpoint after = before.withTtl(3600);
        provider.apply(Changes.update(new Update(provider.records().get(0), after)));

        assertThat(byKey(provider.records())).isEqualTo(adjusted(provider, after));
        assertThat(provider.records().get(0).ttl()).isEqualTo(3600);
    }

    @Test
    void updateChangesMetadataOnly() throws Exception {
        assumeTrue(supportsSetIdentifiers(), () -> providerName() + " does not store set identifiers (supportsSetIdentifiers() is false)");
        Endpoint before = mine("gslb.example.org", RecordType.A, "192.0.2.1").withSetIdentifier("eu")
                .withMetadata(new Metadata(ME, RESOURCE, "eu-west", OptionalInt.of(1)));
        provider.apply(Changes.create(before));

        Endpoint after = before.withMetadata(new Metadata(ME, "ingress/default/web", "eu-north", OptionalInt.of(4)));
        provider.apply(Changes.update(new Update(provider.records().get(0), after)));

        assertThat(byKey(provider.records())).isEqualTo(adjusted(provider, after));
    }

    @Test
    void aMixedBatchAppliesEveryPartAndTouchesNothingElse() throws Exception {
        Endpoint wwwA = mine("www.example.org", RecordType.A, "192.0.2.1");
        Endpoint wwwTxt = mine("www.example.org", RecordType.TXT, "stays");
        Endpoint api = mine("api.example.org", RecordType.AAAA, "2001:db8::1");
        Endpoint bystander = theirs("other.example.org", RecordType.A, "192.0.2.9");
        provider.apply(Changes.create(wwwA, wwwTxt, api, bystander));
        Map<Endpoint.Key, Endpoint> stored = provider.records().stream().collect(Collectors.toMap(Endpoint::key, e -> e));

        Endpoint fresh = mine("new.example.org", RecordType.CNAME, "www.example.org");
        Endpoint wwwA2 = wwwA.withTargets(List.of("192.0.2.1", "192.0.2.2"));
        provider.apply(new Changes(List.of(fresh), List.of(new Update(stored.get(wwwA.key()), wwwA2)), List.of(stored.get(api.key()))));

        assertThat(byKey(provider.records())).isEqualTo(adjusted(provider, fresh, wwwA2, wwwTxt, bystander));
    }

    @Test
    void aSecondProviderOverTheSameStoreSeesAndChangesTheSameRecords() throws Exception {
        Endpoint www = mine("www.example.org", RecordType.A, "192.0.2.1", "192.0.2.2");
        Endpoint srv = mine("_http._tcp.www.example.org", RecordType.SRV, "10 50 8080 www.example.org");
        provider.apply(Changes.create(www, srv));

        // Nothing may live only in the first provider's memory: a restarted controller reads it all back.
        DnsProvider restarted = open(EXAMPLE_ORG);
        assertThat(byKey(restarted.records())).isEqualTo(byKey(provider.records()));

        restarted.apply(Changes.delete(restarted.records().toArray(Endpoint[]::new)));
        assertThat(provider.records()).isEmpty();
    }

    @Test
    void deleteRemovesOnlyThatRecordSet() throws Exception {
        Endpoint wwwA = mine("www.example.org", RecordType.A, "192.0.2.1", "192.0.2.2");
        Endpoint wwwTxt = mine("www.example.org", RecordType.TXT, "keep me");
        Endpoint deeper = mine("a.www.example.org", RecordType.A, "192.0.2.5");
        Endpoint api = mine("api.example.org", RecordType.A, "192.0.2.1");
        provider.apply(Changes.create(wwwA, wwwTxt, deeper, api));

        Endpoint stored = byKey(provider.records()).values().stream()
                .filter(e -> e.key().equals(wwwA.key())).findFirst().orElseThrow();
        provider.apply(Changes.delete(stored));

        assertThat(byKey(provider.records())).isEqualTo(adjusted(provider, wwwTxt, deeper, api));
    }

    @Test
    void deleteOfAMissingRecordSetFails() throws Exception {
        Endpoint www = mine("www.example.org", RecordType.A, "192.0.2.1");
        provider.apply(Changes.create(www));
        provider.apply(Changes.delete(provider.records().get(0)));

        assertThatThrownBy(() -> provider.apply(Changes.delete(www)))
                .as("deleting twice is an error, not silent").isInstanceOf(ProviderException.class);
        assertThat(provider.records()).isEmpty();
    }

    @Test
    void updateOfAMissingRecordSetFails() throws Exception {
        Endpoint www = mine("www.example.org", RecordType.A, "192.0.2.1");

        assertThatThrownBy(() -> provider.apply(Changes.update(new Update(www, www.withTargets(List.of("192.0.2.2"))))))
                .isInstanceOf(ProviderException.class);
        assertThat(provider.records()).isEmpty();
    }

    // ---------------------------------------------------------------- idempotency

    @Test
    void applyingWhatWasReadChangesNothing() throws Exception {
        List<Endpoint> desired = List.of(
                mine("www.example.org", RecordType.A, "192.0.2.1"),
                endpoint("api.example.org", RecordType.A, Endpoint.TTL_UNSET, ME, "192.0.2.2"),
                mine("www.example.org", RecordType.TXT, "hello"));
        provider.apply(diff(provider.records(), desired.stream().map(provider::adjust).toList()));

        Changes again = diff(provider.records(), desired.stream().map(provider::adjust).toList());

        assertThat(again.isEmpty()).as("second plan: %s", again).isTrue();
        List<Endpoint> before = provider.records();
        provider.apply(Changes.NONE);
        assertThat(byKey(provider.records())).isEqualTo(byKey(before));
    }

    @Test
    void applyingTheSameChangesTwiceIsAnError() throws Exception {
        Changes changes = Changes.create(mine("www.example.org", RecordType.A, "192.0.2.1"),
                mine("api.example.org", RecordType.AAAA, "2001:db8::1"));
        provider.apply(changes);
        List<Endpoint> after = provider.records();

        assertThatThrownBy(() -> provider.apply(changes)).isInstanceOf(ProviderException.class);
        assertThat(byKey(provider.records())).isEqualTo(byKey(after));
    }
}
