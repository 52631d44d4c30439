package dev.wayfinder.server.answer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.model.skydns.SkyDnsRecord;
import dev.wayfinder.server.snapshot.SnapshotEntry;
import dev.wayfinder.server.snapshot.ZoneSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The two etcd reads the answerer is built on, checked against a brute-force model of etcd: a
 * range read of {@code KEY + "/"} (every key strictly below, in byte order) and, only when that is
 * empty, the exact key.
 */
class BackendReadTest {

    /** Characters that sort just around '/', plus bytes above ASCII (keys are etcd bytes, one char each). */
    private static final char[] ALPHABET = {'-', '.', '/', '0', 'a', 'b', '\u00e9', '\u00ff'};

    @Test
    void subtreeAndExactReadsMatchABruteForceScan() {
        Random random = new Random(20261122L);
        for (int round = 0; round < 50; round++) {
            TreeSet<String> keys = new TreeSet<>();
            for (int i = 0; i < 60; i++) {
                keys.add("/r/" + randomPath(random));
            }
            List<SnapshotEntry> entries = new ArrayList<>();
            for (String k : keys) {
                entries.add(SnapshotEntry.of(k, SkyDnsRecord.builder().host("10.0.0.1").build()));
            }
            ZoneSnapshot snapshot = ZoneSnapshot.of(1, entries);
            List<String> probes = new ArrayList<>(keys);
            for (int i = 0; i < 40; i++) {
                probes.add("/r/" + randomPath(random));
            }
            for (String path : probes) {
                ZoneSnapshot.Located found = snapshot.locate(path);
                List<String> below = found.below().stream().map(SnapshotEntry::key).toList();
                List<String> expected = keys.stream().filter(k -> k.startsWith(path + "/")).toList();
                assertThat(below).as("below %s", path).containsExactlyElementsOf(expected);
                assertThat(found.exact() == null ? null : found.exact().key()).as("exact %s", path)
                        .isEqualTo(keys.contains(path) ? path : null);
            }
        }
    }

    private static String randomPath(Random random) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + random.nextInt(6);
        for (int i = 0; i < n; i++) {
            sb.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/skydns/test/x|/skydns/test/x",
        "/skydns/test/x/|/skydns/test/x",
        "/skydns/test//x|/skydns/test/x",
        "/skydns/test/./x|/skydns/test/x",
        "/skydns/test/../x|/skydns/x",
        "/skydns/test/\\.\\./x|/skydns/test/\\.\\./x"})
    void keyPathsAreCleanedLikeGo(String path, String clean) {
        assertThat(Backend.cleanPath(path)).isEqualTo(clean);
    }
}
