package dev.wayfinder.system.seed;

import dev.wayfinder.demo.net.Ports;
import dev.wayfinder.server.cli.InProcessDns;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/** The seed story answered by {@code wayfinder dns} over the etcd the controller writes, run exactly as the subcommand runs. */
class SeedStoryOnWayfinderDnsTest extends SeedStory {

    @Override
    DnsUnderTest startDns(String etcdUrl) {
        InProcessDns dns = InProcessDns.start(List.of("--listen", Ports.LOOPBACK + ":" + Ports.freeUdpAndTcp(), "--zone", ZONE,
                "--etcd-endpoints", etcdUrl, "--etcd-prefix", "/skydns", "--ops-listen", "none"), Duration.ofSeconds(20));
        return new DnsUnderTest() {
            @Override
            public InetSocketAddress address() {
                return dns.address();
            }

            @Override
            public String label() {
                return "wayfinder dns";
            }

            @Override
            public void close() {
                dns.close();
            }
        };
    }
}
