package dev.wayfinder.server.cli;

import java.net.InetSocketAddress;

/** {@code HOST:PORT} / {@code [V6]:PORT} / {@code :PORT} parsing for command-line options, with errors naming the option. */
final class HostPort {

    private HostPort() {
    }

    static InetSocketAddress parse(String option, String value) {
        String v = value.trim();
        int colon = v.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(option + ": '" + value + "' is not HOST:PORT");
        }
        String host = v.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(v.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + value + "' has no numeric port");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(option + ": port " + port + " is out of range");
        }
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }
}
