package dev.wayfinder.server.cli;

import dev.wayfinder.server.transport.DnsServer;
import dev.wayfinder.server.transport.QueryProcessor;
import dev.wayfinder.server.transport.rrl.RrlSettings;
import dev.wayfinder.server.transport.tcp.TcpLimits;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The listener flags of {@code wayfinder dns} (a picocli mixin): UDP sizing and reply size,
 * response rate limiting, TCP limits. Defaults and their anchors (BIND, Knot) are in
 * {@link TcpLimits} and {@link RrlSettings}.
 */
final class TransportOptions {

    @Option(names = "--udp-sockets", defaultValue = "0", description = "UDP sockets sharing the port (0: one per core).")
    int udpSockets;

    @Option(names = "--udp-threads-per-socket", defaultValue = "1",
            description = "Threads reading each UDP socket; each answers prepared replies itself and hands other queries to the "
                    + "full-path workers (as many as the readers, at least two per core). Default: ${DEFAULT-VALUE}")
    int udpThreadsPerSocket;

    @Option(names = "--udp-io", defaultValue = "auto", paramLabel = "auto|batched|jdk",
            description = "How UDP is read and sent: batched, every queued datagram in one recvmmsg and the replies in one sendmmsg "
                    + "(Linux, as NSD and Knot); jdk, the JDK's DatagramChannel, one datagram per call; auto, batched where it can run "
                    + "(Linux with JNA's native part), else jdk. Default: ${DEFAULT-VALUE}")
    String udpIo;

    @Option(names = "--max-udp-size", defaultValue = "" + QueryProcessor.DEFAULT_MAX_UDP, paramLabel = "BYTES",
            description = "Largest UDP reply (512-4096): a client's larger EDNS buffer size is clamped to it and longer answers are "
                    + "truncated (TC) so the client retries over TCP, as BIND's max-udp-size and CoreDNS's bufsize. Without EDNS, 512. "
                    + "Default: ${DEFAULT-VALUE}")
    int maxUdpSize;

    @Option(names = "--tcp-max-connections", defaultValue = "" + TcpLimits.DEFAULT_MAX_CONNECTIONS, paramLabel = "N",
            description = "TCP connections held at once; when full, the idlest one is closed for the new one. Default: ${DEFAULT-VALUE}")
    int tcpMaxConnections;

    @Option(names = "--tcp-idle-timeout", defaultValue = "10s", paramLabel = "DURATION",
            description = "A TCP connection with no message for this long is closed (Knot's tcp-idle-timeout). Default: ${DEFAULT-VALUE}")
    String tcpIdleTimeout;

    @Option(names = "--tcp-message-timeout", defaultValue = "2s", paramLabel = "DURATION",
            description = "A TCP message must arrive whole within this of its first byte (a deadline per message, not per read), "
                    + "and a reply must make progress within it; else the connection is closed. Default: ${DEFAULT-VALUE}")
    String tcpMessageTimeout;

    @Option(names = "--tcp-max-lifetime", defaultValue = "5m", paramLabel = "DURATION",
            description = "A TCP connection open this long is closed between messages (0s: never). Default: ${DEFAULT-VALUE}")
    String tcpMaxLifetime;

    @Option(names = "--rrl-responses-per-second", defaultValue = "0", paramLabel = "N",
            description = "Response rate limiting (BIND's rate-limit, Knot's rrl): at most N identical UDP responses a second to one "
                    + "client network, counted per name and type (NXDOMAIN per zone, errors together). 0: off. Default: ${DEFAULT-VALUE}")
    int rrlResponsesPerSecond;

    @Option(names = "--rrl-slip", defaultValue = "" + RrlSettings.DEFAULT_SLIP, paramLabel = "N",
            description = "Of the responses over the rate, every Nth is sent truncated (TC, no records) so real clients retry over TCP; "
                    + "the rest are dropped. 0: drop all, 1: truncate all. Default: ${DEFAULT-VALUE}")
    int rrlSlip;

    @Option(names = "--rrl-window", defaultValue = "15s", paramLabel = "DURATION",
            description = "A network over the rate stays limited until its rate averaged over this window falls below it. Default: ${DEFAULT-VALUE}")
    String rrlWindow;

    @Option(names = "--rrl-ipv4-prefix-length", defaultValue = "" + RrlSettings.DEFAULT_IPV4_PREFIX, paramLabel = "BITS",
            description = "IPv4 clients are counted per network of this prefix length. Default: ${DEFAULT-VALUE}")
    int rrlIpv4PrefixLength;

    @Option(names = "--rrl-ipv6-prefix-length", defaultValue = "" + RrlSettings.DEFAULT_IPV6_PREFIX, paramLabel = "BITS",
            description = "IPv6 clients are counted per network of this prefix length. Default: ${DEFAULT-VALUE}")
    int rrlIpv6PrefixLength;

    private DnsServer.UdpIo udpIo() {
        return switch (udpIo.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> DnsServer.UdpIo.AUTO;
            case "batched" -> DnsServer.UdpIo.BATCHED;
            case "jdk" -> DnsServer.UdpIo.JDK;
            default -> throw new IllegalArgumentException("--udp-io must be auto, batched or jdk, not '" + udpIo + "'");
        };
    }

    /**
     * The listener settings these flags describe.
     *
     * @throws IllegalArgumentException naming the flag whose value is out of range
     */
    DnsServer.Settings settings() {
        if (maxUdpSize < 512 || maxUdpSize > QueryProcessor.MAX_UDP_LIMIT) {
            throw new IllegalArgumentException("--max-udp-size must be between 512 and " + QueryProcessor.MAX_UDP_LIMIT + ", not " + maxUdpSize);
        }
        if (rrlResponsesPerSecond < 0) {
            throw new IllegalArgumentException("--rrl-responses-per-second must not be negative (0 turns rate limiting off), not "
                    + rrlResponsesPerSecond);
        }
        TcpLimits tcp = new TcpLimits(tcpMaxConnections, DurationOptions.duration("--tcp-idle-timeout", tcpIdleTimeout),
                DurationOptions.duration("--tcp-message-timeout", tcpMessageTimeout),
                DurationOptions.duration("--tcp-max-lifetime", tcpMaxLifetime), TcpLimits.defaultWorkers());
        Optional<RrlSettings> rrl = rrlResponsesPerSecond == 0 ? Optional.empty()
                : Optional.of(new RrlSettings(rrlResponsesPerSecond, rrlSlip, DurationOptions.duration("--rrl-window", rrlWindow),
                        rrlIpv4PrefixLength, rrlIpv6PrefixLength, RrlSettings.DEFAULT_TABLE_SIZE));
        DnsServer.Settings defaults = DnsServer.Settings.defaults();
        return new DnsServer.Settings(udpSockets > 0 ? udpSockets : defaults.udpSockets(), Math.max(1, udpThreadsPerSocket),
                maxUdpSize, rrl, tcp, udpIo());
    }
}
