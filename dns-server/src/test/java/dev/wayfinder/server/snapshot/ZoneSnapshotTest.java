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
    void applyCountsDecodeErrorsReplacedDeletedAndAdded() {
        ZoneSnapshot before = of("/k/a", "{\"ttl\":-1}", "/k/b", "{\"ttl\":-1}", "/k/c", "{}", "/k/d", "{\"ttl\":-1}");

        ZoneSnapshot after = before.apply(9, List.of(Change.put("/k/a", "{}"), Change.delete("/k/b"),
                Change.put("/k/c", "{\"ttl\":-1}"), Change.put("/k/e", "{\"ttl\":-1}")));

        assertThat(before.decodeErrors()).isEqualTo(3);
        assertThat(after.decodeErrors()).isEqualTo(3); // a fixed, b gone, c broken, d kept, e new
        assertThat(after.exact("/k/c").isError()).isTrue();
        assertThat(after.apply(10, List.of(Change.delete("/k/c"), Change.delete("/k/d"), Change.delete("/k/e"))).decodeErrors())
                .isZero();
    }

    @Test
    void batchesAppliedOneAfterAnotherReadAsTheSameEntriesBuiltAtOnce() {
        java.util.Random random = new java.util.Random(15);
        ZoneSnapshot applied = ZoneSnapshot.empty();
        Map<String, String> truth = new TreeMap<>();
        for (int batch = 0; batch < 200; batch++) {
            List<Change> changes = new java.util.ArrayList<>();
            for (int c = random.nextInt(6); c >= 0; c--) {
                String key = "/z/" + random.nextInt(40) + (random.nextBoolean() ? "/x" : "");
                String value = random.nextInt(5) == 0 ? null : random.nextInt(4) == 0 ? "{\"ttl\":-1}" : "{\"host\":\"10.0.0." + batch + "\"}";
                changes.add(value == null ? Change.delete(key) : Change.put(key, value));
                if (value == null) {
                    truth.remove(key);
                } else {
                    truth.put(key, value);
                }
            }
            applied = applied.apply(batch + 1, changes);
            ZoneSnapshot built = of(truth.entrySet().stream().flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
                    .toArray(String[]::new));

            assertThat(keys(applied.entries())).as("batch %d", batch).isEqualTo(keys(built.entries()));
            assertThat(applied.decodeErrors()).as("batch %d", batch).isEqualTo(built.decodeErrors());
            for (int k = 0; k < 40; k++) {
                String path = "/z/" + k;
                assertThat(applied.countAtOrBelow(path)).as("batch %d, %s", batch, path).isEqualTo(built.countAtOrBelow(path));
                assertThat(applied.exact(path + "/x") == null).isEqualTo(built.exact(path + "/x") == null);
            }
        }
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
