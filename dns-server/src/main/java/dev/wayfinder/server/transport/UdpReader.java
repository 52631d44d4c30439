package dev.wayfinder.server.transport;

/** The threads reading one UDP socket, and the socket: closing stops both. */
interface UdpReader extends AutoCloseable {

    @Override
    void close();
}
