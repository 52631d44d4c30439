package dev.wayfinder.demo.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Free loopback ports for the servers the demo and the system tests start. */
public final class Ports {

    public static final String LOOPBACK = "127.0.0.1";

    private Ports() {
    }

    /**
     * A loopback port free for both TCP and UDP (DNS answers on both). Chosen before the server
     * starts because the other cluster's controller is configured with it (--gslb-peer).
     */
    public static int freeUdpAndTcp() {
        try {
            for (int i = 0; i < 50; i++) {
                try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
                    int port = tcp.getLocalPort();
                    try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LOOPBACK, port))) {
                        return udp.getLocalPort();
                    } catch (IOException busy) {
                        // the UDP side is taken; try another
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no loopback port is free for both TCP and UDP");
    }
}
