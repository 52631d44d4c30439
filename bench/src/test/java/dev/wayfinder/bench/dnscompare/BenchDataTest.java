package dev.wayfinder.bench.dnscompare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchDataTest {

    @Test
    void fivePercentOfTheQueryLinesAskForAbsentNames() {
        for (int names : new int[] {1_000, 100_000}) {
            List<String> lines = new BenchData(names).queryLines();
            long absent = lines.stream().filter(l -> l.startsWith("absent-")).count();

            assertThat(lines).hasSize(names + (int) absent).doesNotHaveDuplicates();
            assertThat((double) absent / lines.size()).isBetween(0.0499, 0.0505);
        }
        assertThat(new BenchData(1_000).absentNames()).isEqualTo(53);
    }

    @Test
    void theQueryFileIsShuffledTheSameWayEveryRun() {
        List<String> lines = new BenchData(1_000).queryLines();

        assertThat(lines).isEqualTo(new BenchData(1_000).queryLines());
        assertThat(lines.subList(0, 10)).isNotEqualTo(List.of(lines.stream().sorted().limit(10).toArray()));
        assertThat(lines).allMatch(l -> l.matches("(host|absent)-\\d{6}\\.bench\\.test A"));
    }

    @Test
    void theZoneFileHoldsWhatEtcdHoldsWithCoreDnsesSoa() {
        List<String> zone = new BenchData(2).zoneFileLines();

        assertThat(zone).containsExactly(
                "$ORIGIN bench.test.",
                "$TTL 300",
                "@ 30 IN SOA ns.dns.bench.test. hostmaster.bench.test. 1 7200 1800 86400 30",
                "@ 300 IN NS ns1.ns.dns.bench.test.",
                "ns1.ns.dns 300 IN A 127.0.0.1",
                "host-000000 300 IN A 10.0.0.0",
                "host-000000 300 IN A 10.128.0.0",
                "host-000001 300 IN A 10.0.0.1",
                "host-000001 300 IN A 10.128.0.1");
    }

    @Test
    void etcdValuesAreTheControllersRecordsForTheSameAddresses() throws Exception {
        JsonNode v = new ObjectMapper().readTree(BenchData.etcdValue(70_000, 1));

        assertThat(v.get("host").asText()).isEqualTo("10.129.17.112").isEqualTo(BenchData.addresses(70_000).get(1));
        assertThat(v.get("ttl").asInt()).isEqualTo(300);
        assertThat(v.get("owner").asText()).isEqualTo("bench");
        assertThat(BenchData.etcdKey(70_000, 1)).matches("/skydns/test/bench/host-070000/[0-9a-f]{8}");
    }

    @Test
    void everyRecordHasItsOwnKeyAndEveryNameItsOwnAddresses() {
        Set<String> keys = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            keys.add(BenchData.etcdKey(i, 0));
            keys.add(BenchData.etcdKey(i, 1));
            addresses.addAll(BenchData.addresses(i));
        }
        assertThat(keys).hasSize(200_000);
        assertThat(addresses).hasSize(200_000);
    }

    @Test
    void namesAreSixDigits() {
        assertThat(BenchData.name(42)).isEqualTo("host-000042.bench.test");
        assertThatThrownBy(() -> new BenchData(1_000_000)).hasMessageContaining("--names: 1000000");
    }
}
