package dev.wayfinder.server.transport.rrl;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class ResponseRateLimiterTest {

    private static final long MS = 1_000_000L;

    private static ResponseRateLimiter limiter(int rate, int slip) {
        return new ResponseRateLimiter(new RrlSettings(rate, slip, Duration.ofSeconds(15), 24, 56, 4096), 42L, 0L);
    }

    private static InetAddress ip(String a) throws UnknownHostException {
        return InetAddress.getByName(a);
    }

    static byte[] answer(String name, int type) throws Exception {
        Message m = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
        m.getHeader().setFlag(Flags.QR);
        m.addRecord(new ARecord(Name.fromString(name), DClass.IN, 60, InetAddress.getByName("10.0.0.1")), Section.ANSWER);
        return m.toWire();
    }

    static byte[] nxdomain(String name, String zone) throws Exception {
        Message m = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setRcode(Rcode.NXDOMAIN);
        Name z = Name.fromString(zone);
        m.addRecord(new SOARecord(z, DClass.IN, 30, Name.fromString("ns.dns." + zone), Name.fromString("hostmaster." + zone),
                1, 7200, 1800, 86400, 30), Section.AUTHORITY);
        return m.toWire();
    }

    static byte[] refused(String name) throws Exception {
        Message m = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setRcode(Rcode.REFUSED);
        return m.toWire();
    }

    private static List<RateLimitAction> run(ResponseRateLimiter l, InetAddress from, byte[] reply, int n, long at) {
        List<RateLimitAction> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(l.check(from, reply, at));
        }
        return out;
    }

    @Test
    void aBurstOfOneSecondIsSentThenEverySecondResponseSlips() throws Exception {
        ResponseRateLimiter l = limiter(5, 2);
        List<RateLimitAction> got = run(l, ip("192.0.2.7"), answer("www.example.test.", Type.A), 11, 0);

        assertThat(got.subList(0, 5)).containsOnly(RateLimitAction.SEND);
        assertThat(got.subList(5, 11)).containsExactly(RateLimitAction.DROP, RateLimitAction.SLIP, RateLimitAction.DROP,
                RateLimitAction.SLIP, RateLimitAction.DROP, RateLimitAction.SLIP);
    }

    @Test
    void slipZeroDropsAllAndSlipOneTruncatesAll() {
        assertThat(ResponseRateLimiter.slipOrDrop(1, 0)).isEqualTo(RateLimitAction.DROP);
        assertThat(ResponseRateLimiter.slipOrDrop(2, 0)).isEqualTo(RateLimitAction.DROP);
        assertThat(ResponseRateLimiter.slipOrDrop(1, 1)).isEqualTo(RateLimitAction.SLIP);
        assertThat(ResponseRateLimiter.slipOrDrop(3, 3)).isEqualTo(RateLimitAction.SLIP);
        assertThat(ResponseRateLimiter.slipOrDrop(4, 3)).isEqualTo(RateLimitAction.DROP);
    }

    @Test
    void aNetworkIsLimitedTogetherAndOthersAreNot() throws Exception {
        ResponseRateLimiter l = limiter(3, 0);
        byte[] reply = answer("www.example.test.", Type.A);
        run(l, ip("192.0.2.7"), reply, 3, 0);

        assertThat(l.check(ip("192.0.2.200"), reply, 0)).as("same /24").isEqualTo(RateLimitAction.DROP);
        assertThat(l.check(ip("192.0.3.7"), reply, 0)).as("another /24").isEqualTo(RateLimitAction.SEND);
        run(l, ip("2001:db8:0:1::1"), reply, 3, 0);
        assertThat(l.check(ip("2001:db8:0:ff::9"), reply, 0)).as("same /56").isEqualTo(RateLimitAction.DROP);
        assertThat(l.check(ip("2001:db8:0:100::1"), reply, 0)).as("another /56").isEqualTo(RateLimitAction.SEND);
    }

    @Test
    void answersCountPerNameAndTypeNxdomainPerZoneErrorsAllTogether() throws Exception {
        ResponseRateLimiter l = limiter(2, 0);
        InetAddress c = ip("198.51.100.1");
        run(l, c, answer("a.example.test.", Type.A), 2, 0);
        assertThat(l.check(c, answer("b.example.test.", Type.A), 0)).as("another name").isEqualTo(RateLimitAction.SEND);
        assertThat(l.check(c, answer("A.EXAMPLE.TEST.", Type.A), 0)).as("same name, other case").isEqualTo(RateLimitAction.DROP);

        run(l, c, nxdomain("r1.example.test.", "example.test."), 2, 0);
        assertThat(l.check(c, nxdomain("r2.example.test.", "example.test."), 0)).as("random names, one zone").isEqualTo(RateLimitAction.DROP);
        assertThat(l.check(c, nxdomain("r2.other.test.", "other.test."), 0)).as("another zone").isEqualTo(RateLimitAction.SEND);

        run(l, c, refused("x.com."), 2, 0);
        assertThat(l.check(c, refused("y.org."), 0)).as("errors to one network share a bucket").isEqualTo(RateLimitAction.DROP);
    }

    @Test
    void creditReturnsAtTheRate() throws Exception {
        ResponseRateLimiter l = limiter(10, 0);
        InetAddress c = ip("203.0.113.9");
        byte[] reply = answer("www.example.test.", Type.A);
        run(l, c, reply, 11, 0);

        assertThat(l.check(c, reply, 50 * MS)).as("half a response earned").isEqualTo(RateLimitAction.DROP);
        assertThat(l.check(c, reply, 300 * MS)).isEqualTo(RateLimitAction.SEND);
    }

    @Test
    void prefixesAreMaskedBitByBit() throws Exception {
        assertThat(ResponseRateLimiter.masked(ip("192.0.2.255").getAddress(), 24)).isEqualTo(ip("192.0.2.0").getAddress());
        assertThat(ResponseRateLimiter.masked(ip("192.0.2.255").getAddress(), 28)).isEqualTo(ip("192.0.2.240").getAddress());
        assertThat(ResponseRateLimiter.masked(ip("192.0.2.255").getAddress(), 0)).isEqualTo(ip("0.0.0.0").getAddress());
        assertThat(ResponseRateLimiter.masked(ip("2001:db8:aaaa:bbff::1").getAddress(), 56)).isEqualTo(ip("2001:db8:aaaa:bb00::").getAddress());
    }
}
