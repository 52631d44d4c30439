package dev.wayfinder.server.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.server.transport.tcp.ConnectionPolicy.State;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ConnectionPolicyTest {

    private static final long S = 1_000_000_000L;
    private static final long NONE = FrameReader.NONE;
    /** idle 10 s, message 2 s, lifetime 300 s. */
    private static final TcpLimits LIMITS = new TcpLimits(100, Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(300), 1);

    static Stream<Arguments> deadlines() {
        return Stream.of(
                // state(opened, lastUseful, partialSince, writeStalledSince, busy), now → reason
                Arguments.of("fresh", new State(0, 0, NONE, NONE, false), 1 * S, null),
                Arguments.of("idle past the timeout", new State(0, 0, NONE, NONE, false), 11 * S, CloseReason.IDLE),
                Arguments.of("a recent message resets idleness", new State(0, 5 * S, NONE, NONE, false), 11 * S, null),
                Arguments.of("message begun 1 s ago", new State(0, 0, 9 * S, NONE, false), 10 * S, null),
                Arguments.of("message begun 3 s ago: per message, not per read", new State(0, 0, 7 * S, NONE, false), 10 * S,
                        CloseReason.MESSAGE_TIMEOUT),
                Arguments.of("a partial message is not idle", new State(0, 0, 19 * S, NONE, false), 20 * S, null),
                Arguments.of("being answered is not idle", new State(0, 0, NONE, NONE, true), 20 * S, null),
                Arguments.of("reply stalled 3 s", new State(0, 0, NONE, 17 * S, true), 20 * S, CloseReason.WRITE_TIMEOUT),
                Arguments.of("reply stalled 1 s", new State(0, 0, NONE, 19 * S, true), 20 * S, null),
                Arguments.of("past its lifetime, between messages", new State(0, 299 * S, NONE, NONE, false), 301 * S,
                        CloseReason.LIFETIME),
                Arguments.of("past its lifetime, busy: waits", new State(0, 299 * S, NONE, NONE, true), 301 * S, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deadlines")
    void deadlines(String name, State state, long now, CloseReason expected) {
        assertThat(ConnectionPolicy.expired(state, now, LIMITS)).isEqualTo(Optional.ofNullable(expected));
    }

    @Test
    void lifetimeZeroMeansNone() {
        TcpLimits forever = new TcpLimits(100, Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ZERO, 1);
        assertThat(ConnectionPolicy.expired(new State(0, 10_000 * S, NONE, NONE, false), 10_001 * S, forever)).isEmpty();
    }

    record Conn(String name, boolean busy, long lastUsefulAt, long sequence) implements ConnectionPolicy.Idleness {
    }

    @Test
    void theIdlestIsTheOneLongestWithoutAUsefulExchangeAndBusyOnesGoLast() {
        Conn answered2sAgo = new Conn("answered 2 s ago", false, 8 * S, 1);
        Conn dripperSinceAccept = new Conn("dripping since its accept 5 s ago", false, 5 * S, 2);
        Conn busyOldest = new Conn("busy", true, 1 * S, 3);

        assertThat(ConnectionPolicy.idlest(List.of(answered2sAgo, dripperSinceAccept, busyOldest))).contains(dripperSinceAccept);
        assertThat(ConnectionPolicy.idlest(List.of(busyOldest))).contains(busyOldest);
        assertThat(ConnectionPolicy.idlest(List.<Conn>of())).isEmpty();
    }

    @Test
    void ofConnectionsAcceptedTogetherTheFirstAcceptedGoesFirst() {
        Conn first = new Conn("first", false, 7 * S, 10);
        Conn second = new Conn("second", false, 7 * S, 11);
        assertThat(ConnectionPolicy.idlest(List.of(second, first))).contains(first);
    }
}
