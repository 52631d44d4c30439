package dev.wayfinder.bench.faults;

import dev.wayfinder.demo.net.Ports;
import dev.wayfinder.demo.coredns.CoreDnsBinary;
import dev.wayfinder.demo.coredns.CoreDnsProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A DNS server the fault rows attack: {@code wayfinder dns} in a JVM of its own (-Xmx512m, so its
 * memory is its own), or stock CoreDNS with its etcd plugin, both over the same etcd.
 */
interface DnsUnderTest extends AutoCloseable {

    String name();

    InetSocketAddress dns();

    /** /metrics, /healthz, /readyz (wayfinder dns only). */
    Optional<InetSocketAddress> ops();

    /** Resident memory in KiB (VmRSS). */
    long rssKib() throws IOException;

    boolean alive();

    @Override
    void close();

    /** Starts {@code wayfinder dns --zone zone} over etcd with {@code extra} flags; its log goes to {@code log}. */
    static DnsUnderTest wayfinder(String etcdUrl, String zone, Path log, String... extra) throws IOException {
        int port = Ports.freeUdpAndTcp();
        int ops = Ports.freeUdpAndTcp();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseG1GC", "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener", "-cp", System.getProperty("java.class.path"), "dev.wayfinder.server.cli.DnsCommand",
                "--listen", "127.0.0.1:" + port, "--zone", zone, "--etcd-endpoints", etcdUrl, "--upstream", "none",
                "--ops-listen", "127.0.0.1:" + ops));
        cmd.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("WAYFINDER_LOG_LEVEL", "INFO");
        Process p = pb.start();
        awaitLine(p, log, "wayfinder dns: answering");
        InetSocketAddress dns = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        InetSocketAddress opsAddress = new InetSocketAddress(InetAddress.getLoopbackAddress(), ops);
        return new DnsUnderTest() {
            public String name() {
                return "wayfinder dns";
            }

            public InetSocketAddress dns() {
                return dns;
            }

            public Optional<InetSocketAddress> ops() {
                return Optional.of(opsAddress);
            }

            public long rssKib() throws IOException {
                return rss(p.pid());
            }

            public boolean alive() {
                return p.isAlive();
            }

            public void close() {
                p.destroy();
                try {
                    if (!p.waitFor(10, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    p.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    /** Stock CoreDNS serving {@code zone} from etcd with its etcd plugin, when a binary is found. */
    static Optional<DnsUnderTest> coreDns(String etcdUrl, String zone) {
        return CoreDnsBinary.find().map(binary -> {
            CoreDnsProcess c = CoreDnsProcess.startOnFreePort(binary, port -> zone + ":" + port + " {\n    etcd " + zone
                    + " {\n        path /skydns\n        endpoint " + etcdUrl + "\n    }\n}\n");
            String version = binary.version();
            return new DnsUnderTest() {
                public String name() {
                    return "stock " + version;
                }

                public InetSocketAddress dns() {
                    return c.address();
                }

                public Optional<InetSocketAddress> ops() {
                    return Optional.empty();
                }

                public long rssKib() {
                    return -1;
                }

                public boolean alive() {
                    return c.isAlive();
                }

                public void close() {
                    c.close();
                }
            };
        });
    }

    private static void awaitLine(Process p, Path log, String line) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(line)) {
                return;
            }
            if (!p.isAlive()) {
                throw new IOException("wayfinder dns exited: " + Files.readString(log));
            }
            try {
                p.waitFor(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        throw new IOException("wayfinder dns did not start within 60 s: " + Files.readString(log));
    }

    private static long rss(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(-1L);
    }
}
