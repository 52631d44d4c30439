package dev.wayfinder.bench.dnscompare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlacementTest {

    private static final List<String> DNSPERF = List.of("dnsperf", "-c", "8");

    @ParameterizedTest(name = "{0} on {1} cores: servers on [{2}] with {4} worker(s), dnsperf on [{3}]")
    @CsvSource({
        "shared, 1, '',  '',  1",
        "shared, 2, '',  '',  2",
        "split,  2, 0,   1,   1",
        "split,  3, 0,   1-2, 1",
        "split,  4, 0-1, 2-3, 2",
        "split,  8, 0-3, 4-7, 4",
    })
    void placesServersAndDnsperf(String name, int cores, String serverCpus, String clientCpus, int workers) {
        assumeTrue(name.equals("shared") || Launchers.which("taskset").isPresent(), "taskset (util-linux) is not installed here");
        Placement p = Placement.of(name, cores);

        assertThat(p.serverCores()).isEqualTo(workers);
        assertThat(p.server(List.of("knotd"))).isEqualTo(pinned(serverCpus, List.of("knotd")));
        assertThat(p.client(DNSPERF)).isEqualTo(pinned(clientCpus, DNSPERF));
    }

    @ParameterizedTest(name = "{0} on {1} core(s) is refused: {2}")
    @CsvSource(delimiter = '|', value = {
        "split   | 1 | --placement split needs at least 2 cores; this machine has 1",
        "apart   | 4 | unknown placement 'apart'; one of shared, split",
    })
    void refusesWhatCannotBePlaced(String name, int cores, String message) {
        assertThatThrownBy(() -> Placement.of(name, cores)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    private static List<String> pinned(String cpus, List<String> command) {
        if (cpus.isEmpty()) {
            return command;
        }
        return java.util.stream.Stream.concat(java.util.stream.Stream.of("taskset", "-c", cpus), command.stream()).toList();
    }
}
