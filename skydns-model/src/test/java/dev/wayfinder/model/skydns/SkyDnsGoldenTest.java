package dev.wayfinder.model.skydns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exact etcd keys and values Wayfinder writes, one golden file per case under
 * {@code src/test/resources/golden/}: lines {@code key<TAB>json}, sorted by key, each ending in a
 * newline. A change to the output is a change to what stock CoreDNS reads, so it must show up here.
 *
 * <p>Files are never rewritten by a normal run. After a deliberate format change, regenerate with
 * {@code ./mvnw -pl skydns-model test -Dtest=SkyDnsGoldenTest -Dwayfinder.golden.update=true} and
 * review the diff before committing it.
 */
class SkyDnsGoldenTest {

    private static final DnsName ZONE = DnsName.of("example.org");
    private static final Metadata OWNER = Metadata.owned("wayfinder-test", "service/default/web");
    private static final SkyDnsMapping MAPPING = new SkyDnsMapping(new SkyDnsKeys("/skydns"), List.of(ZONE), 300);
    private static final Path SOURCE_DIR = Path.of("src", "test", "resources", "golden");

    private static Endpoint endpoint(String name, RecordType type, long ttl, String... targets) {
        return new Endpoint(DnsName.of(name), type, List.of(targets), ttl, "", OWNER);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // No TTL asked for: the default is still written, because 0 would mean CoreDNS's 300.
                golden("a", endpoint("www.example.org", RecordType.A, Endpoint.TTL_UNSET, "192.0.2.1", "192.0.2.2")),
                golden("aaaa", endpoint("www.example.org", RecordType.AAAA, 60, "2001:db8::1", "2001:db8::2")),
                golden("cname", endpoint("alias.example.org", RecordType.CNAME, 60, "www.example.org")),
                golden("srv", endpoint("_http._tcp.www.example.org", RecordType.SRV, 60,
                        "10 60 8080 web1.example.org", "20 40 8080 web2.example.org")),
                golden("txt", endpoint("www.example.org", RecordType.TXT, 60, "v=spf1 -all", "\"quoted\" text")),
                golden("mx", endpoint("example.org", RecordType.MX, 3600, "10 mx1.example.org", "20 mx2.example.org")),
                golden("ptr", endpoint("1.2.0.192.in-addr.arpa", RecordType.PTR, 60, "www.example.org")),
                golden("apex-a", endpoint("example.org", RecordType.A, 60, "192.0.2.10", "192.0.2.11")),
                golden("ns",
                        endpoint(SkyDnsKeys.nameserverName(ZONE, "ns1").toString(), RecordType.A, 3600, "192.0.2.53"),
                        endpoint(SkyDnsKeys.nameserverName(ZONE, "ns2").toString(), RecordType.A, 3600, "192.0.2.54")));
    }

    private static Arguments golden(String name, Endpoint... endpoints) {
        return Arguments.of(name, List.of(endpoints));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void writtenEntriesMatchTheGoldenFileByteForByte(String name, List<Endpoint> endpoints) throws Exception {
        List<SkyDnsEntry> entries = new ArrayList<>();
        endpoints.forEach(e -> entries.addAll(MAPPING.toEntries(e)));
        String actual = render(entries);
        String file = name + ".txt";

        if (Boolean.getBoolean("wayfinder.golden.update")) {
            Files.createDirectories(SOURCE_DIR);
            Files.writeString(SOURCE_DIR.resolve(file), actual, StandardCharsets.UTF_8);
        }
        byte[] expected = read(file);
        if (!java.util.Arrays.equals(expected, actual.getBytes(StandardCharsets.UTF_8))) {
            fail("golden/" + file + " differs from what is written now (- golden, + now):\n"
                    + diff(new String(expected, StandardCharsets.UTF_8), actual)
                    + "\nIf the change is deliberate, regenerate with -Dwayfinder.golden.update=true and review the diff.");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theGoldenFileReadsBackAsTheEndpoints(String name, List<Endpoint> endpoints) throws Exception {
        List<SkyDnsEntry> entries = new ArrayList<>();
        for (String line : new String(read(name + ".txt"), StandardCharsets.UTF_8).split("\n")) {
            String[] kv = line.split("\t", 2);
            entries.add(new SkyDnsEntry(kv[0], SkyDnsJson.decode(kv[1])));
        }
        List<String> skipped = new ArrayList<>();

        List<Endpoint> read = MAPPING.toEndpoints(entries, (key, reason) -> skipped.add(key + ": " + reason));

        assertThat(skipped).isEmpty();
        assertThat(read).containsExactlyInAnyOrderElementsOf(endpoints.stream().map(e -> e.hasTtl() ? e : e.withTtl(300)).toList());
    }

    @org.junit.jupiter.api.Test
    void aMismatchIsShownAsALineDiff() {
        assertThat(diff("k1\ta\nk2\tb\nk3\tc\n", "k1\ta\nk2\tB\nk3\tc\nk4\td\n"))
                .isEqualTo("  k1\ta\n- k2\tb\n+ k2\tB\n  k3\tc\n+ k4\td\n");
        assertThat(diff("k1\ta", "k1\ta\n")).endsWith("(a final newline differs or is missing)\n");
    }

    /** {@code key<TAB>json} per entry, sorted by key, each line ending in {@code \n}. */
    static String render(List<SkyDnsEntry> entries) {
        StringBuilder sb = new StringBuilder();
        entries.stream().sorted().forEach(e -> sb.append(e.key()).append('\t').append(e.json()).append('\n'));
        return sb.toString();
    }

    private static byte[] read(String file) throws IOException {
        try (InputStream in = SkyDnsGoldenTest.class.getResourceAsStream("/golden/" + file)) {
            if (in == null) {
                fail("golden/" + file + " is missing; create it with -Dwayfinder.golden.update=true and review it");
            }
            return in.readAllBytes();
        }
    }

    /** A line diff: unchanged lines with two spaces, removed with {@code -}, added with {@code +}. */
    static String diff(String expected, String actual) {
        List<String> a = expected.lines().toList();
        List<String> b = actual.lines().toList();
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        StringBuilder sb = new StringBuilder();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                sb.append("  ").append(a.get(i++)).append('\n');
                j++;
            } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
                sb.append("- ").append(a.get(i++)).append('\n');
            } else {
                sb.append("+ ").append(b.get(j++)).append('\n');
            }
        }
        if (!expected.endsWith("\n") || !actual.endsWith("\n")) {
            sb.append("(a final newline differs or is missing)\n");
        }
        return sb.toString();
    }
}
