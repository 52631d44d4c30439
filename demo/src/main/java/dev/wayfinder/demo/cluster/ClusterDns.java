package dev.wayfinder.demo.cluster;

import dev.wayfinder.demo.coredns.CoreDnsBinary;
import java.util.Objects;

/**
 * Which server answers a simulated cluster's DNS from its etcd: stock CoreDNS (its etcd plugin, run
 * with the Corefile {@code wayfinder corefile} prints) or {@code wayfinder dns}. With the memory store
 * the controller's embedded server answers, which is {@code wayfinder dns}'s answerer; CoreDNS cannot
 * serve that store.
 */
public sealed interface ClusterDns permits ClusterDns.Wayfinder, ClusterDns.StockCoreDns {

    /** How the demo's output and the logs name the server. */
    String label();

    static ClusterDns wayfinder() {
        return new Wayfinder();
    }

    static ClusterDns coredns(CoreDnsBinary binary) {
        return new StockCoreDns(binary);
    }

    /** {@code wayfinder dns}, run in this JVM exactly as the subcommand runs. */
    record Wayfinder() implements ClusterDns {
        @Override
        public String label() {
            return "wayfinder dns";
        }
    }

    /** The CoreDNS binary at {@code binary}, as its own process. */
    record StockCoreDns(CoreDnsBinary binary) implements ClusterDns {
        public StockCoreDns {
            Objects.requireNonNull(binary, "binary");
        }

        @Override
        public String label() {
            return "stock CoreDNS";
        }
    }
}
