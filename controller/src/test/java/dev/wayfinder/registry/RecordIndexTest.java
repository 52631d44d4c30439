package dev.wayfinder.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The registry's copy by name: the provider's order kept, patched as a list was, ties followed from either end. */
class RecordIndexTest {

    static Endpoint a(String name, String ip) {
        return new Endpoint(DnsName.of(name + ".z"), RecordType.A, List.of(ip), 300, "", Metadata.owned("wf", ""));
    }

    static Endpoint txt(String name, String text) {
        return new Endpoint(DnsName.of(name + ".z"), RecordType.TXT, List.of(text), 300, "", Metadata.owned("wf", ""));
    }

    /** As the TXT registry ties them: a record to "a-<name>", a TXT record "a-<name>" to "<name>". */
    static final Function<Endpoint, Set<String>> TIES = e -> e.type() == RecordType.TXT
            ? Set.of(e.name().toString().substring(2)) : Set.of("a-" + e.name());

    @Test
    void someNamesComeOutInTheProvidersOrder() {
        List<Endpoint> read = List.of(a("b", "10.0.0.1"), a("a", "10.0.0.2"), txt("b", "x"), a("c", "10.0.0.3"));
        RecordIndex index = new RecordIndex(read, TIES);
        assertThat(index.all()).isEqualTo(read);
        assertThat(index.at(Set.of(DnsName.of("b.z"), DnsName.of("c.z")))).containsExactly(read.get(0), read.get(2), read.get(3));
        assertThat(index.size()).isEqualTo(4);
    }

    @Test
    void aPatchIsWhatPatchingTheListGave() {
        Endpoint b = a("b", "10.0.0.1");
        Endpoint a = a("a", "10.0.0.2");
        RecordIndex index = new RecordIndex(List.of(b, a, b), TIES);
        Endpoint b2 = a("b", "10.0.0.9");
        Endpoint d = a("d", "10.0.0.4");
        // Every record equal to a gone one leaves (both b's), then the added ones are appended in order.
        assertThat(index.patch(List.of(b), List.of(b2, d))).extracting(DnsName::toString).containsExactlyInAnyOrder("b.z", "d.z");
        assertThat(index.all()).containsExactly(a, b2, d);
    }

    @Test
    void tiesAreFoundFromEitherEnd() {
        Endpoint record = a("www", "10.0.0.1");
        Endpoint claim = txt("a-www", "\"heritage=external-dns,external-dns/owner=wf\"");
        RecordIndex index = new RecordIndex(List.of(record, claim), TIES);
        Set<String> fromRecord = new HashSet<>();
        index.tiesOf("www.z", fromRecord);
        assertThat(fromRecord).contains("a-www.z");
        Set<String> fromClaim = new HashSet<>();
        index.tiesOf("a-www.z", fromClaim);
        assertThat(fromClaim).contains("www.z");
        index.patch(List.of(claim), List.of());
        Set<String> gone = new HashSet<>();
        index.tiesOf("www.z", gone);
        assertThat(gone).containsExactly("a-www.z"); // the record's own tie stays; the claim's is gone
    }

    @Test
    void aFreshReadKeepsTheInstancesOfUnchangedRecords() {
        Endpoint kept = a("a", "10.0.0.1");
        RecordIndex old = new RecordIndex(List.of(kept), TIES);
        Endpoint same = a("a", "10.0.0.1");
        Endpoint changed = a("b", "10.0.0.2");
        RecordIndex fresh = new RecordIndex(List.of(same, changed), TIES, old);
        assertThat(fresh.all()).containsExactly(kept, changed);
        assertThat(fresh.all().get(0)).isSameAs(kept);
    }
}
