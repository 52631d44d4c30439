package dev.wayfinder.server.transport.rrl;

import dev.wayfinder.server.transport.DnsWire;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Response rate limiting for UDP ({@link RrlSettings}): each response is keyed by the client's
 * network, its {@link ResponseKind} and the name it is about, read from the reply's wire bytes (so
 * any answer path can sit in front). Keys are hashed with a per-process secret into a fixed table
 * of buckets: memory stays constant whatever the number of clients, and nobody can aim collisions.
 * TCP responses are never limited: a client that completes a handshake has shown its address.
 */
public final class ResponseRateLimiter {

    private static final int STRIPES = 256;

    private final RrlSettings settings;
    private final long[] credit;
    private final long[] lastMillis;
    private final Object[] locks = new Object[STRIPES];
    private final long seed;
    private final long startNanos;
    private final AtomicLong overRate = new AtomicLong();

    public ResponseRateLimiter(RrlSettings settings) {
        this(settings, new SecureRandom().nextLong(), System.nanoTime());
    }

    ResponseRateLimiter(RrlSettings settings, long seed, long startNanos) {
        this.settings = settings;
        this.credit = new long[settings.tableSize()];
        this.lastMillis = new long[settings.tableSize()];
        Arrays.fill(lastMillis, -1);
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
        this.seed = seed;
        this.startNanos = startNanos;
    }

    /** What to do with {@code reply} to {@code client}, {@code nowNanos} being {@link System#nanoTime()}. */
    public RateLimitAction check(InetAddress client, byte[] reply, long nowNanos) {
        int slot = (int) Long.remainderUnsigned(key(client, reply), settings.tableSize());
        long now = (nowNanos - startNanos) / 1_000_000;
        boolean within;
        synchronized (locks[slot & (STRIPES - 1)]) {
            long rate = settings.responsesPerSecond();
            long before = lastMillis[slot] < 0 ? TokenBucket.fresh(rate) : credit[slot];
            long elapsed = lastMillis[slot] < 0 ? 0 : Math.max(0, now - lastMillis[slot]);
            long after = TokenBucket.spend(before, elapsed, rate, settings.window().toSeconds());
            credit[slot] = after;
            lastMillis[slot] = now;
            within = after >= 0;
        }
        return within ? RateLimitAction.SEND : slipOrDrop(overRate.incrementAndGet(), settings.slip());
    }

    /** Every {@code slip}-th response over the rate is sent truncated, the others dropped; 0 drops all. */
    static RateLimitAction slipOrDrop(long overRateCount, int slip) {
        return slip > 0 && overRateCount % slip == 0 ? RateLimitAction.SLIP : RateLimitAction.DROP;
    }

    private long key(InetAddress client, byte[] reply) {
        ResponseKind kind = ResponseKind.of(reply);
        long h = mix(seed ^ kind.ordinal());
        byte[] address = client.getAddress();
        int prefix = address.length == 4 ? settings.ipv4PrefixLength() : settings.ipv6PrefixLength();
        h = hash(h, masked(address, prefix));
        h = mix(h ^ address.length);
        switch (kind) {
            case ANSWER, NODATA -> {
                h = hash(h, orEmpty(DnsWire.qname(reply)));
                h = mix(h ^ DnsWire.qtype(reply));
            }
            case NXDOMAIN -> {
                byte[] zone = DnsWire.firstAuthorityOwner(reply);
                h = hash(h, orEmpty(zone != null ? zone : DnsWire.qname(reply)));
            }
            case ERROR -> {
                // one bucket per network: BIND counts all errors to a netblock together
            }
        }
        return h;
    }

    static byte[] masked(byte[] address, int prefixLength) {
        byte[] out = address.clone();
        for (int bit = prefixLength; bit < out.length * 8; bit++) {
            out[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return out;
    }

    private static byte[] orEmpty(byte[] b) {
        return b == null ? new byte[0] : b;
    }

    private static long hash(long h, byte[] bytes) {
        long x = h;
        for (byte b : bytes) {
            x = (x ^ (b & 0xff)) * 0x100000001b3L;
        }
        return mix(x ^ bytes.length);
    }

    /** SplitMix64's finaliser: spreads every input bit over the whole word. */
    private static long mix(long z) {
        long x = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        x = (x ^ (x >>> 27)) * 0x94d049bb133111ebL;
        return x ^ (x >>> 31);
    }
}
