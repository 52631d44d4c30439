package dev.wayfinder.server.transport.rrl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TokenBucketTest {

    private static final long U = TokenBucket.UNIT;

    static Stream<Arguments> spends() {
        // credit before, ms since the last response, rate/s, window s → credit after
        return Stream.of(
                Arguments.of("fresh bucket: within", TokenBucket.fresh(10), 0, 10, 15, 9 * U),
                Arguments.of("last credit spent: still within", 1 * U, 0, 10, 15, 0L),
                Arguments.of("no credit: over the rate", 0L, 0, 10, 15, -1 * U),
                Arguments.of("100 ms at 10/s earns one response", 0L, 100, 10, 15, 0L),
                Arguments.of("refill stops at one second's worth", 5 * U, 60_000, 10, 15, 9 * U),
                Arguments.of("debt sinks no lower than rate × window", -150 * U, 0, 10, 15, -150 * U),
                Arguments.of("a flooder climbs out of the window's debt only at the rate", -150 * U, 1_000, 10, 15, -141 * U),
                Arguments.of("after the whole window the debt is gone", -150 * U, 15_000, 10, 15, -1 * U),
                Arguments.of("and one more second fills it", -150 * U, 16_100, 10, 15, 9 * U));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spends")
    void spend(String name, long before, long elapsedMillis, long rate, long window, long after) {
        assertThat(TokenBucket.spend(before, elapsedMillis, rate, window)).isEqualTo(after);
    }
}
