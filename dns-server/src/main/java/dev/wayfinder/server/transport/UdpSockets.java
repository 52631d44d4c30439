package dev.wayfinder.server.transport;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The UDP sockets of one listen address, bound and not yet read: several sharing the port through
 * {@code SO_REUSEPORT} (the kernel spreads clients over them by address hash) where the OS allows it.
 * Either the JDK's {@code DatagramChannel}s or Linux sockets for {@link BatchedUdpListener}.
 */
abstract class UdpSockets {

    /** Readers are named by socket ({@code dns-udp-1}; {@code dns-udp-1.0} with several per socket), so profiles tell them apart. */
    private static final String READER_NAME = "dns-udp-";

    private final InetSocketAddress bound;

    private UdpSockets(InetSocketAddress bound) {
        this.bound = bound;
    }

    /** The address bound: the listen address with the port chosen when it asked for 0. */
    final InetSocketAddress bound() {
        return bound;
    }

    abstract int count();

    /** Starts {@code threads} readers on each socket; from here the readers own the sockets. */
    abstract List<UdpReader> listen(DnsHandler handler, int threads, UdpReplies replies, Executor fullPath);

    /** Closes sockets not handed to readers (the TCP port was taken). */
    abstract void close();

    static UdpSockets jdk(InetSocketAddress listen, int count) throws IOException {
        List<DatagramChannel> channels = new ArrayList<>();
        try {
            channels.add(bindChannel(listen, count > 1));
            InetSocketAddress bound = (InetSocketAddress) channels.get(0).getLocalAddress();
            boolean reusePort = channels.get(0).supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
            for (int i = 1; i < count && reusePort; i++) {
                channels.add(bindChannel(bound, true));
            }
            return new UdpSockets(bound) {
                @Override
                int count() {
                    return channels.size();
                }

                @Override
                List<UdpReader> listen(DnsHandler handler, int threads, UdpReplies replies, Executor fullPath) {
                    List<UdpReader> readers = new ArrayList<>();
                    for (int i = 0; i < channels.size(); i++) {
                        readers.add(UdpListener.start(channels.get(i), READER_NAME + i, handler, threads, replies, fullPath));
                    }
                    return readers;
                }

                @Override
                void close() {
                    closeAll(channels);
                }
            };
        } catch (IOException e) {
            closeAll(channels);
            throw e;
        }
    }

    static UdpSockets linux(InetSocketAddress listen, int count) throws IOException {
        List<Integer> fds = new ArrayList<>();
        try {
            fds.add(LinuxUdp.open(listen, count > 1));
            InetSocketAddress bound = LinuxUdp.localAddress(fds.get(0));
            for (int i = 1; i < count; i++) {
                fds.add(LinuxUdp.open(bound, true));
            }
            return new UdpSockets(bound) {
                @Override
                int count() {
                    return fds.size();
                }

                @Override
                List<UdpReader> listen(DnsHandler handler, int threads, UdpReplies replies, Executor fullPath) {
                    List<UdpReader> readers = new ArrayList<>();
                    for (int i = 0; i < fds.size(); i++) {
                        readers.add(BatchedUdpListener.start(fds.get(i), READER_NAME + i, handler, threads, replies, fullPath));
                    }
                    return readers;
                }

                @Override
                void close() {
                    fds.forEach(LinuxUdp::closeQuietly);
                }
            };
        } catch (IOException e) {
            fds.forEach(LinuxUdp::closeQuietly);
            throw e;
        }
    }

    private static DatagramChannel bindChannel(InetSocketAddress at, boolean reusePort) throws IOException {
        // An IPv4 address gets an IPv4 socket: the kernel's IPv4 path, and no IPv4-mapped addresses to convert.
        DatagramChannel ch = at.getAddress() instanceof Inet4Address ? DatagramChannel.open(StandardProtocolFamily.INET) : DatagramChannel.open();
        try {
            if (reusePort && ch.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            ch.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
            ch.bind(at);
            return ch;
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    private static void closeAll(List<DatagramChannel> channels) {
        for (DatagramChannel ch : channels) {
            try {
                ch.close();
            } catch (IOException e) {
                // closing a socket that was never read; nothing to do
            }
        }
    }
}
