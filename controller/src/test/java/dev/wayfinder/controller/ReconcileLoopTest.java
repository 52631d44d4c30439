package dev.wayfinder.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReconcileLoopTest {

    @Test
    void aBurstOfEventsIsOnePass() {
        AtomicInteger passes = new AtomicInteger();
        try (ReconcileLoop loop = new ReconcileLoop(passes::incrementAndGet, Duration.ofHours(1), Duration.ofMillis(200),
                Duration.ofMillis(10), Duration.ofMillis(100))) {
            for (int i = 0; i < 1000; i++) {
                loop.trigger();
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> passes.get() == 1);
            loop.trigger();
            await().atMost(Duration.ofSeconds(5)).until(() -> passes.get() == 2);
        }
    }

    @Test
    void failuresAreRetriedWithBackoffAndTheLoopKeepsGoing() {
        AtomicInteger attempts = new AtomicInteger();
        ReconcileLoop.Pass flaky = () -> {
            if (attempts.incrementAndGet() <= 3) {
                throw new IllegalStateException("etcd unavailable");
            }
        };
        try (ReconcileLoop loop = new ReconcileLoop(flaky, Duration.ofHours(1), Duration.ofMillis(1), Duration.ofMillis(20), Duration.ofMillis(50))) {
            loop.trigger();
            await().atMost(Duration.ofSeconds(5)).until(() -> attempts.get() == 4);
            loop.trigger();
            await().atMost(Duration.ofSeconds(5)).until(() -> attempts.get() == 5);
        }
    }

    @Test
    void periodicResyncRunsWithoutEvents() {
        AtomicInteger passes = new AtomicInteger();
        try (ReconcileLoop loop = new ReconcileLoop(passes::incrementAndGet, Duration.ofMillis(100), Duration.ofMillis(1),
                Duration.ofMillis(10), Duration.ofMillis(100))) {
            loop.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> passes.get() >= 3);
        }
    }

    @ParameterizedTest
    @CsvSource({"1,1000", "2,2000", "3,4000", "8,120000", "40,120000"})
    void backoffDoublesAndCaps(int failures, long millis) {
        assertThat(ReconcileLoop.backoff(failures, Duration.ofSeconds(1), Duration.ofMinutes(2))).isEqualTo(Duration.ofMillis(millis));
    }
}
