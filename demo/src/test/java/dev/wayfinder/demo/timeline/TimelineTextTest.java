package dev.wayfinder.demo.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimelineTextTest {

    static final Answer BUF = Answer.of("10.2.1.167");
    static final Answer NYC = Answer.of("10.2.1.98");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0    | 0.00 s",
            "5    | 0.01 s",
            "420  | 0.42 s",
            "61234| 61.23 s"})
    void secondsHaveTwoDecimals(long millis, String text) {
        assertThat(TimelineText.seconds(Duration.ofMillis(millis))).isEqualTo(text);
    }

    @Test
    void aChangeLineShowsBeforeAfterAndWhetherItIsTheExpectedAnswer() {
        assertThat(TimelineText.change(Duration.ofMillis(1234), "us-nyc", Optional.of(BUF), NYC, NYC, 6))
                .isEqualTo("   +1.23 s  us-nyc  10.2.1.167 → 10.2.1.98  ✓");
        assertThat(TimelineText.change(Duration.ofMillis(10), "us-buf", Optional.empty(), Answer.NXDOMAIN, NYC, 6))
                .isEqualTo("   +0.01 s  us-buf  NXDOMAIN");
        assertThat(TimelineText.change(Duration.ofMillis(10), "us-buf", Optional.of(BUF), Answer.NO_REPLY, BUF, 8))
                .isEqualTo("   +0.01 s  us-buf    10.2.1.167 → no reply");
    }

    @Test
    void answersCompareWithoutOrderAndNameTheirKind() {
        assertThat(Answer.of("10.0.0.2", "10.0.0.1")).isEqualTo(Answer.of("10.0.0.1", "10.0.0.2"));
        assertThat(Answer.of("10.0.0.2", "10.0.0.1")).hasToString("10.0.0.1, 10.0.0.2");
        assertThat(Answer.of(List.of())).isEqualTo(Answer.NODATA).hasToString("no A records");
        assertThat(Answer.rcode("SERVFAIL")).hasToString("SERVFAIL");
        assertThat(Answer.NXDOMAIN).isNotEqualTo(Answer.NODATA);
    }

    @Test
    void theSummaryHasOneRowPerStepAndClusterAndSaysWhatNeverArrived() {
        StepResult failover = new StepResult("failover", "fe.gb.foowidgets.k8s", both(NYC),
                ordered(Optional.of(Duration.ofMillis(310)), Optional.of(Duration.ofMillis(4870))), both(NYC));
        StepResult failback = new StepResult("failback", "fe.gb.foowidgets.k8s", both(BUF),
                ordered(Optional.of(Duration.ofMillis(290)), Optional.empty()), both(NYC));

        assertThat(failover.complete()).isTrue();
        assertThat(failback.complete()).isFalse();
        assertThat(failback.missed()).containsExactly("us-nyc");
        assertThat(TimelineText.summary(List.of(failover, failback))).isEqualTo("""
                  step      cluster  answer                                       after
                  ---------------------------------------------------------------------
                  failover  us-buf   10.2.1.98                                   0.31 s
                            us-nyc   10.2.1.98                                   4.87 s
                  failback  us-buf   10.2.1.167                                  0.29 s
                            us-nyc   10.2.1.167  not within the limit (last: 10.2.1.98)
                """);
    }

    static <T> Map<String, T> ordered(T buf, T nyc) {
        Map<String, T> out = new LinkedHashMap<>();
        out.put("us-buf", buf);
        out.put("us-nyc", nyc);
        return out;
    }

    static Map<String, Answer> both(Answer a) {
        return ordered(a, a);
    }
}
