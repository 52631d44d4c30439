package dev.wayfinder.gslb.peers;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.IpLiteral;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.WireParseException;

/**
 * One address question (A or AAAA) to one nameserver address, asynchronously: UDP first, then TCP
 * when the UDP answer is truncated or UDP fails without using up the time (an ICMP error, a
 * malformed reply). A UDP timeout is not retried over TCP: each address gets one timeout per
 * question, so a black-holed address costs one timeout, never two.
 */
final class DnsExchange {

    /** Why a question got no usable answer; {@link #kind()} is the metric tag. */
    enum Failure {
        TIMEOUT, SERVFAIL, REFUSED, NETWORK, MALFORMED;

        String kind() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * An answer or a failure. An answer may be empty: NXDOMAIN and NOERROR without data both mean
     * "no such addresses", which is news, not an error.
     */
    record Reply(InetSocketAddress server, List<String> addresses, Optional<Failure> failure, String detail, Duration roundTrip,
                 Map<String, String> aliases, Set<String> addressOwners) {
        Reply {
            addresses = List.copyOf(addresses);
            aliases = Map.copyOf(aliases);
            addressOwners = Set.copyOf(addressOwners);
        }

        Reply(InetSocketAddress server, List<String> addresses, Optional<Failure> failure, String detail, Duration roundTrip) {
            this(server, addresses, failure, detail, roundTrip, Map.of(), Set.of());
        }

        boolean answered() {
            return failure.isEmpty();
        }

        static Reply failed(InetSocketAddress server, Failure why, String detail, Duration roundTrip) {
            return new Reply(server, List.of(), Optional.of(why), detail, roundTrip);
        }
    }

    /** What one transport attempt returned: a message or an error. */
    private record Attempt(Message message, Throwable error) {
        boolean truncated() {
            return message != null && message.getHeader().getFlag(Flags.TC);
        }
    }

    private DnsExchange() {
    }

    /** Asks {@code server} (a resolved address) for the {@code type} records of {@code name}; never completes exceptionally. */
    static CompletableFuture<Reply> ask(InetSocketAddress server, DnsName name, int type, Duration timeout, Executor executor) {
        long start = System.nanoTime();
        Message query;
        try {
            query = Message.newQuery(Record.newRecord(Name.fromString(name.fqdn()), type, DClass.IN));
        } catch (TextParseException e) {
            return CompletableFuture.completedFuture(Reply.failed(server, Failure.MALFORMED, "bad name " + name, Duration.ZERO));
        }
        return send(server, query, false, timeout, executor)
                .thenCompose(udp -> needsTcp(udp) ? send(server, query, true, timeout, executor).thenApply(tcp -> pick(udp, tcp))
                        : CompletableFuture.completedFuture(udp))
                .thenApply(a -> interpret(server, a, type, Duration.ofNanos(System.nanoTime() - start)));
    }

    /**
     * The addresses {@code address} stands for: itself when it is an IP, else every address its host
     * name resolves to now (looked up on {@code blocking}, as the JDK resolver blocks).
     */
    static CompletableFuture<List<InetSocketAddress>> resolve(InetSocketAddress address, Executor blocking) {
        if (!address.isUnresolved()) {
            return CompletableFuture.completedFuture(List.of(address));
        }
        String host = address.getHostString();
        if (IpLiteral.parse(host).isPresent()) {
            return CompletableFuture.completedFuture(List.of(new InetSocketAddress(IpLiteral.parse(host).get(), address.getPort())));
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return Arrays.stream(InetAddress.getAllByName(host)).map(a -> new InetSocketAddress(a, address.getPort())).toList();
            } catch (UnknownHostException e) {
                throw new CompletionException(e);
            }
        }, blocking);
    }

    private static boolean needsTcp(Attempt udp) {
        if (udp.truncated()) {
            return true;
        }
        return udp.error() != null && failure(udp.error()) != Failure.TIMEOUT;
    }

    /** The TCP attempt, unless both failed: then the UDP failure, which says more (a malformed reply, not "refused"). */
    private static Attempt pick(Attempt udp, Attempt tcp) {
        return tcp.error() != null && udp.error() != null ? udp : tcp;
    }

    private static CompletableFuture<Attempt> send(InetSocketAddress server, Message query, boolean tcp, Duration timeout, Executor executor) {
        try {
            SimpleResolver resolver = new SimpleResolver(server);
            resolver.setTCP(tcp);
            resolver.setIgnoreTruncation(true);
            resolver.setTimeout(timeout);
            // dnsjava checks its timeouts on a coarse tick; the bound here is exact.
            return resolver.sendAsync(query, executor).toCompletableFuture()
                    .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .handle((m, e) -> new Attempt(m, unwrap(e)));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(new Attempt(null, e));
        }
    }

    private static Reply interpret(InetSocketAddress server, Attempt a, int type, Duration rtt) {
        if (a.error() != null) {
            String detail = a.error().getClass().getSimpleName() + (a.error().getMessage() == null ? "" : ": " + a.error().getMessage());
            return Reply.failed(server, failure(a.error()), detail, rtt);
        }
        Message m = a.message();
        int rcode = m.getRcode();
        if (rcode == Rcode.SERVFAIL) {
            return Reply.failed(server, Failure.SERVFAIL, "SERVFAIL", rtt);
        }
        if (rcode == Rcode.REFUSED) {
            return Reply.failed(server, Failure.REFUSED, "REFUSED", rtt);
        }
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            return Reply.failed(server, Failure.MALFORMED, "unexpected rcode " + Rcode.string(rcode), rtt);
        }
        if (a.truncated()) {
            return Reply.failed(server, Failure.MALFORMED, "truncated over TCP", rtt);
        }
        TreeSet<String> out = new TreeSet<>();
        Map<String, String> aliases = new HashMap<>();
        Set<String> owners = new HashSet<>();
        for (Record r : m.getSection(Section.ANSWER)) {
            if (r.getType() == type && r instanceof ARecord ar) {
                out.add(IpLiteral.canonical(ar.getAddress()));
                owners.add(lower(r.getName()));
            } else if (r.getType() == type && r instanceof AAAARecord ar) {
                out.add(IpLiteral.canonical(ar.getAddress()));
                owners.add(lower(r.getName()));
            } else if (r instanceof CNAMERecord c) {
                aliases.put(lower(c.getName()), lower(c.getTarget()));
            }
        }
        return new Reply(server, List.copyOf(out), Optional.empty(), Rcode.string(rcode), rtt, aliases, owners);
    }

    private static String lower(Name n) {
        return n.toString().toLowerCase(Locale.ROOT);
    }

    static Failure failure(Throwable e) {
        if (e instanceof SocketTimeoutException || e instanceof TimeoutException) {
            return Failure.TIMEOUT;
        }
        if (e instanceof WireParseException) {
            return Failure.MALFORMED;
        }
        return Failure.NETWORK;
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
