package dev.wayfinder.system.seed;

import dev.wayfinder.cli.CorefileCommand;
import dev.wayfinder.demo.coredns.CoreDnsProcess;
import dev.wayfinder.provider.etcd.EtcdConnection;
import dev.wayfinder.system.support.RequiresStockCoreDns;
import dev.wayfinder.system.support.StockCoreDns;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The seed story answered by stock CoreDNS: its etcd plugin reads the etcd the controller writes, with the
 * Corefile {@code wayfinder corefile --zone foowidgets.k8s --etcd-urls URL --port PORT} prints.
 */
@RequiresStockCoreDns
class SeedStoryOnStockCoreDnsTest extends SeedStory {

    @Override
    DnsUnderTest startDns(String etcdUrl) {
        CoreDnsProcess coredns = StockCoreDns.start(port -> CorefileCommand.render(List.of(ZONE), "/skydns/", port,
                EtcdConnection.of(List.of(etcdUrl))));
        return new DnsUnderTest() {
            @Override
            public InetSocketAddress address() {
                return coredns.address();
            }

            @Override
            public String label() {
                return "stock CoreDNS";
            }

            @Override
            public void close() {
                coredns.close();
            }
        };
    }
}
