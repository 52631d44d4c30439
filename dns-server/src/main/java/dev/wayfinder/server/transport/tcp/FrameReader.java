package dev.wayfinder.server.transport.tcp;

import java.nio.ByteBuffer;

/**
 * Splits a TCP byte stream into DNS messages (RFC 1035 §4.2.2: a two-byte length, then the
 * message) and remembers when the message in progress began, for the per-message deadline.
 * Memory follows what arrived, never what a length claims: a message longer than
 * {@link #MAX_MESSAGE} is not held — its header is kept (so it can be answered FORMERR with its id)
 * and the rest is read and discarded.
 */
final class FrameReader {

    /** Far above any query (a question, OPT, cookie and TSIG fit in a few hundred bytes). */
    static final int MAX_MESSAGE = 16_384;
    static final long NONE = Long.MIN_VALUE;
    private static final int HEADER = 12;

    private int lengthBytes;
    private int declared;
    private byte[] body;
    private int have;
    private int discard;
    private long startedAt = NONE;

    /** Consumes bytes of {@code in} up to the end of the next whole message and returns it; null when {@code in} ran out first. */
    byte[] next(ByteBuffer in, long now) {
        while (in.hasRemaining()) {
            if (startedAt == NONE) {
                startedAt = now;
            }
            if (lengthBytes < 2) {
                declared = (declared << 8) | (in.get() & 0xff);
                if (++lengthBytes == 2) {
                    body = new byte[declared > MAX_MESSAGE ? HEADER : declared];
                    discard = declared > MAX_MESSAGE ? declared - HEADER : 0;
                }
            } else if (have < body.length) {
                int n = Math.min(in.remaining(), body.length - have);
                in.get(body, have, n);
                have += n;
            } else if (discard > 0) {
                int n = Math.min(in.remaining(), discard);
                in.position(in.position() + n);
                discard -= n;
            }
            if (lengthBytes == 2 && have == body.length && discard == 0) {
                return complete();
            }
        }
        return null;
    }

    /** When the first byte of the message in progress arrived, or {@link #NONE} between messages. */
    long partialSince() {
        return startedAt;
    }

    private byte[] complete() {
        byte[] message = body;
        lengthBytes = 0;
        declared = 0;
        body = null;
        have = 0;
        startedAt = NONE;
        return message;
    }
}
