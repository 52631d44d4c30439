package dev.wayfinder.cli;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;

/**
 * {@code --kube-api-qps} and {@code --kube-api-burst}: a token bucket in front of every Kubernetes
 * API request, as client-go's default rate limiter. A request waits for a token (a watch counts once).
 */
final class RateLimit implements Interceptor {

    private final double perNano;
    private final double capacity;
    private double tokens;
    private long last = System.nanoTime();

    RateLimit(int qps, int burst) {
        this.perNano = qps / 1e9;
        this.capacity = Math.max(1, burst);
        this.tokens = capacity;
    }

    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        long wait = reserve(System.nanoTime());
        if (wait > 0) {
            try {
                java.util.concurrent.TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Takes a token; the nanoseconds to wait until it is due (pure but for the bucket's own state). */
    synchronized long reserve(long now) {
        tokens = Math.min(capacity, tokens + (now - last) * perNano);
        last = now;
        tokens -= 1;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / perNano);
    }
}
