package dev.wayfinder.system.enterprise;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Free ports for the servers a test starts. */
final class Ports {

    private Ports() {
    }

    /** A port of {@code address} free for both TCP and UDP (named and wayfinder answer on both). */
    static int freeUdpAndTcp(String address) throws IOException {
        for (int i = 0; i < 50; i++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getByName(address))) {
                int port = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address, port))) {
                    return udp.getLocalPort();
                } catch (IOException busy) {
                    // the UDP side is taken; try another
                }
            }
        }
        throw new IOException("no port of " + address + " is free for both TCP and UDP");
    }
}
