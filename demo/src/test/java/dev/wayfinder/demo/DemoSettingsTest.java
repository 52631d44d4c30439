package dev.wayfinder.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wayfinder.demo.cluster.ClusterDns;
import dev.wayfinder.demo.cluster.SimulatedCluster.Store;
import dev.wayfinder.demo.coredns.CoreDnsBinary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code wayfinder demo --store/--dns} on machines with and without etcd and CoreDNS, as a table. */
class DemoSettingsTest {

    static final CoreDnsBinary COREDNS = new CoreDnsBinary(Path.of("/opt/coredns/coredns"));
    static final String NO_COREDNS = "stock CoreDNS not found: set COREDNS_BIN to a coredns binary";

    static DemoSettings.Machine machine(boolean etcd, boolean coredns) {
        return new DemoSettings.Machine(etcd ? Store.ETCD : Store.MEMORY, coredns ? Optional.of(COREDNS) : Optional.empty(), NO_COREDNS);
    }

    @ParameterizedTest(name = "--store {0} --dns {1}, etcd installed {2}, CoreDNS found {3} → {4} + {5}")
    @CsvSource(delimiter = '|', textBlock = """
            auto   | auto      | true  | true  | ETCD   | stock CoreDNS
            auto   | auto      | true  | false | ETCD   | wayfinder dns
            auto   | auto      | false | true  | MEMORY | wayfinder dns
            etcd   | auto      | false | true  | ETCD   | stock CoreDNS
            memory | auto      | true  | true  | MEMORY | wayfinder dns
            auto   | coredns   | true  | true  | ETCD   | stock CoreDNS
            auto   | wayfinder | true  | true  | ETCD   | wayfinder dns
            memory | wayfinder | true  | true  | MEMORY | wayfinder dns
            ETCD   | CoreDNS   | true  | true  | ETCD   | stock CoreDNS
            """)
    void choosesTheStoreAndTheServer(String store, String dns, boolean etcd, boolean coredns, Store expectedStore, String expectedServer) {
        DemoSettings s = DemoSettings.of(store, dns, "5s", "30s", machine(etcd, coredns));

        assertThat(s.store()).isEqualTo(expectedStore);
        assertThat(s.dns().label()).isEqualTo(expectedServer);
        if (s.dns() instanceof ClusterDns.StockCoreDns c) {
            assertThat(c.binary()).isEqualTo(COREDNS);
        }
        assertThat(s.poll()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.limit()).isEqualTo(Duration.ofSeconds(30));
    }

    @ParameterizedTest(name = "--store {0} --dns {1}, etcd installed {2}, CoreDNS found {3}")
    @CsvSource(delimiter = '|', textBlock = """
            memory | coredns | true  | true  | --dns coredns: stock CoreDNS reads the records from etcd, but --store memory keeps them in each controller; use --store etcd
            auto   | coredns | false | true  | --dns coredns: stock CoreDNS reads the records from etcd, but no etcd binary was found (Debian's etcd-server package gives one); use --store etcd
            etcd   | coredns | true  | false | --dns coredns: stock CoreDNS not found: set COREDNS_BIN to a coredns binary
            etcd   | bind    | true  | true  | --dns: 'bind' is not auto, coredns or wayfinder
            disk   | auto    | true  | true  | --store: 'disk' is not auto, etcd or memory
            """)
    void refusesWhatCannotRunHereSayingWhy(String store, String dns, boolean etcd, boolean coredns, String message) {
        assertThatThrownBy(() -> DemoSettings.of(store, dns, "5s", "30s", machine(etcd, coredns)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            --gslb-poll-interval | 0s    | --gslb-poll-interval: '0s': must be longer than zero
            --step-limit         | soon  | --step-limit: 'soon':
            """)
    void refusesDurationsThatAreNot(String option, String value, String message) {
        String poll = option.equals("--gslb-poll-interval") ? value : "5s";
        String limit = option.equals("--step-limit") ? value : "30s";

        assertThatThrownBy(() -> DemoSettings.of("auto", "auto", poll, limit, machine(true, true))).hasMessageStartingWith(message);
    }

    @ParameterizedTest(name = "{0} + {1}, CoreDNS found {2}")
    @CsvSource(delimiter = '|', textBlock = """
            etcd   | auto      | true  | records in etcd (a real etcd per cluster), answered by stock CoreDNS over it (CoreDNS-1.10.1, /opt/coredns/coredns, with the Corefile `wayfinder corefile` prints)
            etcd   | auto      | false | records in etcd (a real etcd per cluster), answered by wayfinder dns over it (no CoreDNS binary found: set COREDNS_BIN to one, or put coredns on PATH, to see stock CoreDNS answer)
            etcd   | wayfinder | true  | records in etcd (a real etcd per cluster), answered by wayfinder dns over it
            memory | auto      | true  | records in each controller's memory, answered by its embedded DNS server (--store memory)
            """)
    void theHeaderSaysWhichServerAnswers(String store, String dns, boolean coredns, String header) {
        DemoSettings s = DemoSettings.of(store, dns, "5s", "30s", machine(true, coredns));

        assertThat(s.header(b -> "CoreDNS-1.10.1", true)).isEqualTo(header);
    }
}
