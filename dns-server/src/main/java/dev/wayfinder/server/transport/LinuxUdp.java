package dev.wayfinder.server.transport;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few Linux socket calls the batched UDP listener needs, through JNA's direct mapping (the JDK has no
 * {@code recvmmsg}/{@code sendmmsg}): open and bind a UDP socket, receive and send many datagrams per call,
 * wake blocked readers and close. Only on Linux, and only where JNA's native part loads; {@link #unavailable()}
 * says why not otherwise, and the caller falls back to the JDK's {@code DatagramChannel}.
 */
final class LinuxUdp {

    private static final Logger LOG = LoggerFactory.getLogger(LinuxUdp.class);

    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_SNDBUF = 7;
    private static final int SO_RCVBUF = 8;
    private static final int SO_REUSEPORT = 15;
    private static final int SO_RCVTIMEO = 20;
    private static final int IPPROTO_IPV6 = 41;
    private static final int IPV6_V6ONLY = 26;
    private static final int SHUT_RD = 0;
    /** recvmmsg: block for the first datagram only, then take what is queued. */
    static final int MSG_WAITFORONE = 0x10000;
    static final int EINTR = 4;
    static final int EAGAIN = 11;

    /** Size of a {@code struct sockaddr_storage}: room for either family. */
    static final int SOCKADDR_SIZE = 128;

    private static final Optional<String> UNAVAILABLE = load();

    private LinuxUdp() {
    }

    private static Optional<String> load() {
        if (!Platform.isLinux()) {
            return Optional.of("not Linux");
        }
        try {
            Native.register(LinuxUdp.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
            return Optional.empty();
        } catch (Throwable e) { // UnsatisfiedLinkError, or JNA's native part could not be unpacked (a read-only temporary directory)
            LOG.debug("JNA's native access is not available", e);
            return Optional.of("JNA's native access is not available: " + e);
        }
    }

    /** Empty when the batched listener can run here; else why not. */
    static Optional<String> unavailable() {
        return UNAVAILABLE;
    }

    private static native int socket(int domain, int type, int protocol) throws LastErrorException;

    private static native int setsockopt(int fd, int level, int name, Pointer value, int length) throws LastErrorException;

    private static native int bind(int fd, Pointer address, int length) throws LastErrorException;

    private static native int getsockname(int fd, Pointer address, Pointer length) throws LastErrorException;

    static native int recvmmsg(int fd, Pointer vector, int length, int flags, Pointer timeout) throws LastErrorException;

    static native int sendmmsg(int fd, Pointer vector, int length, int flags) throws LastErrorException;

    static native long sendto(int fd, Pointer buffer, long length, int flags, Pointer address, int addressLength) throws LastErrorException;

    private static native int shutdown(int fd, int how) throws LastErrorException;

    private static native int close(int fd) throws LastErrorException;

    /**
     * A UDP socket bound to {@code at}, with {@code SO_REUSEPORT} when {@code shared}, 4 MiB buffers and a 1 s receive
     * timeout (so a reader notices a close even if the wake-up is missed). An IPv6 socket takes IPv4 too, as the JDK's.
     */
    static int open(InetSocketAddress at, boolean shared) throws IOException {
        int family = at.getAddress() instanceof Inet4Address ? AF_INET : AF_INET6;
        int fd;
        try {
            fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw new IOException("cannot open a UDP socket: " + e.getMessage(), e);
        }
        try {
            if (shared) {
                intOption(fd, SOL_SOCKET, SO_REUSEPORT, 1);
            }
            intOption(fd, SOL_SOCKET, SO_RCVBUF, 4 << 20);
            intOption(fd, SOL_SOCKET, SO_SNDBUF, 4 << 20);
            if (family == AF_INET6) {
                intOption(fd, IPPROTO_IPV6, IPV6_V6ONLY, 0);
            }
            try (Memory timeout = new Memory(16)) {
                timeout.setLong(0, 1);
                timeout.setLong(8, 0);
                setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeout, 16);
            }
            try (Memory address = new Memory(SOCKADDR_SIZE)) {
                int length = SocketAddresses.encode(at, address, 0);
                bind(fd, address, length);
            }
            return fd;
        } catch (LastErrorException e) {
            closeQuietly(fd);
            throw new IOException("cannot bind UDP " + at + ": " + e.getMessage(), e);
        }
    }

    private static void intOption(int fd, int level, int name, int value) {
        try (Memory v = new Memory(4)) {
            v.setInt(0, value);
            setsockopt(fd, level, name, v, 4);
        }
    }

    /** The address {@code fd} is bound to (its port, when bound to 0). */
    static InetSocketAddress localAddress(int fd) throws IOException {
        try (Memory address = new Memory(SOCKADDR_SIZE); Memory length = new Memory(4)) {
            length.setInt(0, SOCKADDR_SIZE);
            getsockname(fd, address, length);
            return SocketAddresses.decode(address, 0);
        } catch (LastErrorException | UnknownHostException e) {
            throw new IOException("cannot read the UDP socket's address: " + e.getMessage(), e);
        }
    }

    /** Wakes the threads blocked reading {@code fd}: their next read returns at once. */
    static void wakeReaders(int fd) {
        try {
            shutdown(fd, SHUT_RD);
        } catch (LastErrorException e) {
            LOG.trace("shutdown of UDP socket {}: {}", fd, e.getMessage()); // ENOTCONN on a UDP socket; the readers are woken anyway
        }
    }

    static void closeQuietly(int fd) {
        try {
            close(fd);
        } catch (LastErrorException e) {
            LOG.debug("closing UDP socket {}: {}", fd, e.getMessage());
        }
    }

    /** Encoding and decoding of {@code struct sockaddr_in} and {@code sockaddr_in6} in native memory. */
    static final class SocketAddresses {

        private SocketAddresses() {
        }

        /** Writes {@code a} at {@code offset}; returns the length to pass with it. */
        static int encode(InetSocketAddress a, Pointer p, long offset) {
            p.setMemory(offset, SOCKADDR_SIZE, (byte) 0);
            short port = networkOrder((short) a.getPort());
            if (a.getAddress() instanceof Inet4Address v4) {
                p.setShort(offset, (short) AF_INET);
                p.setShort(offset + 2, port);
                p.write(offset + 4, v4.getAddress(), 0, 4);
                return 16;
            }
            Inet6Address v6 = (Inet6Address) a.getAddress();
            p.setShort(offset, (short) AF_INET6);
            p.setShort(offset + 2, port);
            p.write(offset + 8, v6.getAddress(), 0, 16);
            p.setInt(offset + 24, v6.getScopeId());
            return 28;
        }

        /** Swaps between the machine's order and network order (a no-op on a big-endian machine). */
        private static short networkOrder(short s) {
            return java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN ? Short.reverseBytes(s) : s;
        }

        static InetSocketAddress decode(Pointer p, long offset) throws UnknownHostException {
            int family = p.getShort(offset);
            int port = Short.toUnsignedInt(networkOrder(p.getShort(offset + 2)));
            byte[] raw = family == AF_INET ? p.getByteArray(offset + 4, 4) : p.getByteArray(offset + 8, 16);
            return new InetSocketAddress(InetAddress.getByAddress(raw), port);
        }
    }
}
