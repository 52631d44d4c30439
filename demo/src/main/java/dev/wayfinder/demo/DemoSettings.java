package dev.wayfinder.demo;

import dev.wayfinder.demo.cluster.ClusterDns;
import dev.wayfinder.demo.cluster.SimulatedCluster.Store;
import dev.wayfinder.demo.coredns.CoreDnsBinary;
import dev.wayfinder.model.GoDuration;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * What {@code wayfinder demo}'s options come to on this machine: where the records live, which server
 * answers them, and the timings. Pure: what the machine has (an etcd binary, a CoreDNS binary) comes in
 * as arguments.
 *
 * @param why what the header adds about the choice, for example why CoreDNS is not the server; may be empty
 */
record DemoSettings(Store store, ClusterDns dns, String why, Duration poll, Duration limit) {

    /** What this machine has, as the defaults ({@code auto}) see it. */
    record Machine(Store availableStore, Optional<CoreDnsBinary> coredns, String whyNoCoreDns) {
    }

    /**
     * @throws IllegalArgumentException naming the option and the value when it cannot be honoured here
     */
    static DemoSettings of(String store, String dns, String poll, String limit, Machine machine) {
        Store chosenStore = switch (lower(store)) {
            case "auto" -> machine.availableStore();
            case "etcd" -> Store.ETCD;
            case "memory" -> Store.MEMORY;
            default -> throw new IllegalArgumentException("--store: '" + store + "' is not auto, etcd or memory");
        };
        String dnsFlag = lower(dns);
        ClusterDns chosenDns;
        String why = "";
        switch (dnsFlag) {
            case "wayfinder" -> chosenDns = ClusterDns.wayfinder();
            case "coredns" -> {
                if (chosenStore == Store.MEMORY) {
                    throw new IllegalArgumentException("--dns coredns: stock CoreDNS reads the records from etcd, but "
                            + (lower(store).equals("memory") ? "--store memory keeps them in each controller"
                            : "no etcd binary was found (Debian's etcd-server package gives one)") + "; use --store etcd");
                }
                chosenDns = ClusterDns.coredns(machine.coredns().orElseThrow(() -> new IllegalArgumentException(
                        "--dns coredns: " + machine.whyNoCoreDns())));
            }
            case "auto" -> {
                if (chosenStore == Store.MEMORY || machine.coredns().isEmpty()) {
                    chosenDns = ClusterDns.wayfinder();
                    why = chosenStore == Store.ETCD ? "no CoreDNS binary found: set " + CoreDnsBinary.ENV
                            + " to one, or put coredns on PATH, to see stock CoreDNS answer" : "";
                } else {
                    chosenDns = ClusterDns.coredns(machine.coredns().get());
                }
            }
            default -> throw new IllegalArgumentException("--dns: '" + dns + "' is not auto, coredns or wayfinder");
        }
        return new DemoSettings(chosenStore, chosenDns, why, duration("--gslb-poll-interval", poll), duration("--step-limit", limit));
    }

    /**
     * The demo's second line: where the records live and what answers them, e.g. {@code records in etcd (a real etcd per
     * cluster), answered by stock CoreDNS over it (CoreDNS-1.10.1, /usr/bin/coredns, with the Corefile wayfinder corefile prints)}.
     *
     * @param version the CoreDNS binary's version line, asked only when CoreDNS answers
     */
    String header(Function<CoreDnsBinary, String> version, boolean etcdInstalled) {
        if (store == Store.MEMORY) {
            return "records in each controller's memory, answered by its embedded DNS server"
                    + (etcdInstalled ? " (--store memory)" : " (no etcd binary found; Debian's etcd-server package gives the etcd path)");
        }
        String server = dns instanceof ClusterDns.StockCoreDns coredns
                ? "stock CoreDNS over it (" + version.apply(coredns.binary()) + ", " + coredns.binary().path()
                        + ", with the Corefile `wayfinder corefile` prints)"
                : "wayfinder dns over it" + (why.isEmpty() ? "" : " (" + why + ")");
        return "records in etcd (a real etcd per cluster), answered by " + server;
    }

    private static String lower(String value) {
        return value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    }

    private static Duration duration(String option, String text) {
        try {
            Duration d = GoDuration.parse(text);
            if (d.isZero()) {
                throw new IllegalArgumentException("must be longer than zero");
            }
            return d;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(option + ": '" + text + "': " + e.getMessage(), e);
        }
    }
}
