package dev.wayfinder.server.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameReaderTest {

    private static byte[] stream(byte[]... messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] m : messages) {
            out.write(m.length >>> 8);
            out.write(m.length);
            out.writeBytes(m);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(int n, int fill) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) fill);
        return b;
    }

    /** Feeds {@code stream} in chunks of {@code chunk} bytes; returns the messages in order. */
    private static List<byte[]> read(FrameReader reader, byte[] stream, int chunk) {
        List<byte[]> got = new ArrayList<>();
        for (int at = 0; at < stream.length; at += chunk) {
            ByteBuffer in = ByteBuffer.wrap(stream, at, Math.min(chunk, stream.length - at));
            byte[] m;
            while ((m = reader.next(in, at)) != null) {
                got.add(m);
            }
            assertThat(in.hasRemaining()).isFalse();
        }
        return got;
    }

    @Test
    void messagesComeOutWholeHoweverTheStreamIsCut() {
        byte[] a = bytes(40, 1);
        byte[] b = bytes(0, 0);
        byte[] c = bytes(1, 3);
        byte[] d = bytes(700, 4);
        byte[] s = stream(a, b, c, d);
        for (int chunk = 1; chunk <= s.length; chunk++) {
            assertThat(read(new FrameReader(), s, chunk)).as("chunks of %d", chunk).containsExactly(a, b, c, d);
        }
    }

    @Test
    void aMessageLongerThanTheLimitKeepsOnlyItsHeaderAndIsSkipped() {
        byte[] big = bytes(FrameReader.MAX_MESSAGE + 5_000, 7);
        big[0] = 0x12;
        big[1] = 0x34;
        byte[] next = bytes(30, 9);
        List<byte[]> got = read(new FrameReader(), stream(big, next), 1000);

        assertThat(got).hasSize(2);
        assertThat(got.get(0)).hasSize(12).startsWith(0x12, 0x34);
        assertThat(got.get(1)).isEqualTo(next);
    }

    @Test
    void theMessageDeadlineStartsAtItsFirstByteAndEndsWithIt() {
        FrameReader reader = new FrameReader();
        assertThat(reader.partialSince()).isEqualTo(FrameReader.NONE);
        byte[] s = stream(bytes(20, 1));

        assertThat(reader.next(ByteBuffer.wrap(s, 0, 1), 100)).isNull();
        assertThat(reader.next(ByteBuffer.wrap(s, 1, 10), 200)).isNull();
        assertThat(reader.partialSince()).as("not moved by later reads").isEqualTo(100);
        assertThat(reader.next(ByteBuffer.wrap(s, 11, s.length - 11), 300)).hasSize(20);
        assertThat(reader.partialSince()).isEqualTo(FrameReader.NONE);
    }
}
