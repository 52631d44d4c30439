package dev.wayfinder.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RepeatedWarningTest {

    private static final long S = 1_000_000_000L;

    @Test
    void anOutageGivesAFewLinesWithTheCount() {
        RepeatedWarning w = new RepeatedWarning(Duration.ofSeconds(60));
        StringBuilder log = new StringBuilder();
        for (long t = 0; t <= 148; t += 4) { // one failure every 4 s for 150 s: 38 occurrences
            w.occurred("etcd unreachable", t * S).ifPresent(l -> log.append(l).append('\n'));
        }
        w.ended(150 * S).ifPresent(l -> log.append("ended").append(l).append('\n'));

        assertThat(log.toString()).isEqualTo("""
                etcd unreachable
                etcd unreachable (repeated 16 times in 60 s)
                etcd unreachable (repeated 31 times in 120 s)
                ended (repeated 38 times in 150 s)
                """);
    }

    @Test
    void aSingleOccurrenceHasNoSummaryAndTheNextEpisodeStartsAfresh() {
        RepeatedWarning w = new RepeatedWarning(Duration.ofSeconds(60));
        assertThat(w.occurred("x", 0)).contains("x");
        assertThat(w.ended(1 * S)).isEmpty();
        assertThat(w.ended(2 * S)).as("nothing open").isEmpty();
        assertThat(w.occurred("x", 3 * S)).contains("x");
        assertThat(w.occurred("x", 4 * S)).isEqualTo(Optional.empty());
        assertThat(w.episode(10 * S)).isEqualTo(Duration.ofSeconds(7));
        assertThat(w.ended(10 * S)).contains(" (repeated 2 times in 7 s)");
        assertThat(w.episode(11 * S)).isZero();
    }
}
