package dev.wayfinder.gslb.peers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AsyncLimitTest {

    @Test
    void runsAtMostThePermitsAndStartsTheRestInOrderAsOthersFinish() {
        AsyncLimit limit = new AsyncLimit(2, Runnable::run);
        List<CompletableFuture<Integer>> started = new ArrayList<>();
        List<CompletableFuture<Integer>> results = IntStream.range(0, 5).mapToObj(i -> limit.submit(() -> {
            CompletableFuture<Integer> f = new CompletableFuture<>();
            started.add(f);
            return f;
        })).toList();

        assertThat(started).hasSize(2);
        started.get(0).complete(0);
        assertThat(started).hasSize(3);
        started.get(1).completeExceptionally(new IllegalStateException("boom"));
        started.get(2).complete(2);
        assertThat(started).hasSize(5);
        started.get(3).complete(3);
        started.get(4).complete(4);

        assertThat(results.get(0)).isCompletedWithValue(0);
        assertThat(results.get(1)).isCompletedExceptionally();
        assertThat(results.get(4)).isCompletedWithValue(4);
    }

    @Test
    void aTaskThatThrowsFailsItsResultAndFreesItsPermit() {
        AsyncLimit limit = new AsyncLimit(1, Runnable::run);

        CompletableFuture<Integer> bad = limit.submit(() -> {
            throw new IllegalArgumentException("no");
        });
        CompletableFuture<Integer> next = limit.submit(() -> CompletableFuture.completedFuture(7));

        assertThat(bad).isCompletedExceptionally();
        assertThat(next).isCompletedWithValue(7);
    }
}
