package dev.wayfinder.server.transport.tcp;

import java.util.Locale;

/** Why a TCP connection ended (the {@code reason} label of {@code wayfinder_dns_tcp_closed_total}). */
public enum CloseReason {
    /** The client closed or reset it (reading or writing failed). */
    CLIENT,
    /** No message for {@code --tcp-idle-timeout}. */
    IDLE,
    /** A message began but did not arrive whole within {@code --tcp-message-timeout}. */
    MESSAGE_TIMEOUT,
    /** The client did not read its replies: no progress writing them for {@code --tcp-message-timeout}. */
    WRITE_TIMEOUT,
    /** Open longer than {@code --tcp-max-lifetime} (closed between messages). */
    LIFETIME,
    /** Closed, being the idlest, to make room for a new connection at {@code --tcp-max-connections}. */
    EVICTED,
    /** An unexpected failure in the server while handling it. */
    ERROR,
    /** The server stopped. */
    SHUTDOWN;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
