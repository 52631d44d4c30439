package dev.wayfinder.server.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.server.snapshot.ZoneSnapshot.Change;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ZoneSnapshotTest {

    private static ZoneSnapshot of(String... keyValues) {
        Map<String, byte[]> m = new TreeMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return ZoneSnapshot.ofValues(5, m);
    }

    private static List<String> keys(List<SnapshotEntry> entries) {
        return entries.stream().map(SnapshotEntry::key).toList();
    }

    @Test
    void prefixReadsReturnTheSubtreeInByteOrderAndNothingBeside() {
        ZoneSnapshot s = of("/skydns/test/a/2", "{}", "/skydns/test/a/1", "{}", "/skydns/test/ab/1", "{}",
                "/skydns/test/a", "{}", "/skydns/test/a/\u00ff", "{}");

        assertThat(keys(s.withPrefix("/skydns/test/a/")))
                .containsExactly("/skydns/test/a/1", "/skydns/test/a/2", "/skydns/test/a/\u00ff");
        assertThat(s.exact("/skydns/test/a")).isNotNull();
        assertThat(s.exact("/skydns/test/b")).isNull();
        assertThat(s.withPrefix("/skydns/test/c/")).isEmpty();
    }

    @Test
    void applyMergesPutsAndDeletesIntoANewSnapshotAndLeavesTheOldOneAlone() {
        ZoneSnapshot before = of("/k/a", "{\"host\":\"10.0.0.1\"}", "/k/b", "{\"host\":\"10.0.0.2\"}", "/k/d", "{}");

        ZoneSnapshot after = before.apply(9, List.of(Change.delete("/k/b"), Change.put("/k/c", "{\"host\":\"10.0.0.3\"}"),
                Change.put("/k/a", "{\"host\":\"10.0.0.9\"}"), Change.put("/k/0", "{}"), Change.put("/k/z", "{}"),
                Change.delete("/k/missing")));

        assertThat(keys(after.entries())).containsExactly("/k/0", "/k/a", "/k/c", "/k/d", "/k/z");
        assertThat(after.exact("/k/a").record().host()).isEqualTo("10.0.0.9");
        assertThat(after.revision()).isEqualTo(9);
        assertThat(keys(before.entries())).containsExactly("/k/a", "/k/b", "/k/d");
        assertThat(before.exact("/k/a").record().host()).isEqualTo("10.0.0.1");
    }

    @Test
    void theLastChangeToAKeyInABatchWins() {
        ZoneSnapshot after = ZoneSnapshot.empty().apply(2, List.of(Change.put("/k/a", "{}"), Change.delete("/k/a"),
                Change.put("/k/b", "{\"host\":\"x\"}"), Change.put("/k/b", "{\"host\":\"y\"}")));

        assertThat(keys(after.entries())).containsExactly("/k/b");
        assertThat(after.exact("/k/b").record().host()).isEqualTo("y");
    }

    @Test
    void aValueCoreDnsCannotDecodeIsKeptAsAnErrorEntry() {
        ZoneSnapshot s = of("/k/bad", "{\"ttl\":-1}", "/k/good", "{\"host\":\"10.0.0.1\"}");

        assertThat(s.decodeErrors()).isEqualTo(1);
        assertThat(s.exact("/k/bad").isError()).isTrue();
        assertThat(s.exact("/k/bad").error()).contains("ttl");
        assertThat(s.exact("/k/good").kind()).isEqualTo(SnapshotEntry.HostKind.A);
    }

    @Test
    void locateFindsTheExactKeyAndTheChildrenButNotSiblingsSortedBetweenThem() {
        ZoneSnapshot s = of("/z/host", "{}", "/z/host-a", "{}", "/z/host.b", "{}", "/z/host/1", "{}", "/z/host/2/x", "{}",
                "/z/host0", "{}", "/z/hostx/1", "{}", "/z/ho", "{}");

        ZoneSnapshot.Located host = s.locate("/z/host");
        assertThat(host.exact().key()).isEqualTo("/z/host");
        assertThat(keys(host.below())).containsExactly("/z/host/1", "/z/host/2/x");
        ZoneSnapshot.Located leaf = s.locate("/z/host-a");
        assertThat(leaf.exact()).isNotNull();
        assertThat(leaf.below()).isEmpty();
        ZoneSnapshot.Located missing = s.locate("/z/hos");
        assertThat(missing.exact()).isNull();
        assertThat(missing.below()).isEmpty();
        assertThat(keys(s.locate("/z").below())).hasSize(8);
        assertThat(keys(s.locate("/z/hostx").below())).containsExactly("/z/hostx/1");
    }
}
