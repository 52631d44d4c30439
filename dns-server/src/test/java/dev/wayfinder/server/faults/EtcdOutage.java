package dev.wayfinder.server.faults;

import dev.wayfinder.provider.etcd.testing.EtcdProcess;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The etcd outage row of the fault suite: etcd is killed (SIGKILL, data kept), stays down for the
 * outage, comes back; a name written right after it returns is asked over UDP every 20 ms until the
 * DNS server answers it. The figure is the time from etcd being back (healthy) to that answer.
 * Plain Java, shared by the CI test and the bench harness.
 */
public final class EtcdOutage {

    /** What one outage showed: how long etcd was down, the time from its return to the DNS server answering current data. */
    public record Result(Duration outage, Duration toCurrent, boolean answeredDuringOutage) {
    }

    private final EtcdProcess etcd;
    private final InetSocketAddress dns;
    private final String zone;

    /** {@code zone} is the DNS zone ({@code example.test}) whose names live under {@code /skydns/test/example/…}. */
    public EtcdOutage(EtcdProcess etcd, InetSocketAddress dns, String zone) {
        this.etcd = etcd;
        this.dns = dns;
        this.zone = zone;
    }

    /**
     * Runs one outage: {@code before} must already answer; it must keep answering while etcd is down;
     * {@code after} is written once etcd is back. Gives up waiting for {@code after} after {@code limit}.
     */
    public Result run(Duration outage, String before, String after, Duration limit) throws Exception {
        put(before, "10.77.0.1");
        await(before, limit);
        etcd.stop();
        long downAt = System.nanoTime();
        boolean answered = true;
        while (System.nanoTime() - downAt < outage.toNanos()) {
            answered &= DnsAsk.ask(dns, before + "." + zone, Type.A, false, Duration.ofSeconds(1))
                    .filter(m -> m.getRcode() == Rcode.NOERROR).isPresent();
            TimeUnit.MILLISECONDS.sleep(Math.min(1000, Math.max(1, outage.toMillis() / 5)));
        }
        etcd.restart();
        long back = System.nanoTime();
        put(after, "10.77.0.2");
        Duration toCurrent = await(after, limit);
        return new Result(Duration.ofNanos(back - downAt), toCurrent, answered);
    }

    private Duration await(String name, Duration limit) throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < limit.toNanos()) {
            if (DnsAsk.ask(dns, name + "." + zone, Type.A, false, Duration.ofMillis(500))
                    .filter(m -> m.getRcode() == Rcode.NOERROR).isPresent()) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new IllegalStateException(name + "." + zone + " not answered within " + limit);
    }

    private void put(String name, String ip) throws Exception {
        StringBuilder key = new StringBuilder("/skydns");
        String[] labels = (name + "." + zone).split("\\.");
        for (int i = labels.length - 1; i >= 0; i--) {
            key.append('/').append(labels[i]);
        }
        try (Client c = etcd.clientBuilder(true).build()) {
            c.getKVClient().put(ByteSequence.from(key.toString(), StandardCharsets.UTF_8),
                    ByteSequence.from("{\"host\":\"" + ip + "\",\"ttl\":30}", StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
        }
    }
}
