package dev.wayfinder.provider.etcd;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Gives every unary etcd call a gRPC deadline unless it already has one. jetcd 0.8.5 sets none and
 * waits for a ready channel ({@code waitForReady}), so without it a call made while etcd is away
 * waits until etcd returns; with it the call is cancelled on the wire after {@code deadline} and
 * fails DEADLINE_EXCEEDED. Streams (watches, lease keep-alives) live as long as they are wanted,
 * so they are left alone.
 */
final class CallDeadline implements ClientInterceptor {

    private final long nanos;

    CallDeadline(Duration deadline) {
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("the call deadline must be positive, got " + deadline);
        }
        this.nanos = deadline.toNanos();
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        boolean unary = method.getType() == MethodDescriptor.MethodType.UNARY;
        return next.newCall(method, unary && options.getDeadline() == null ? options.withDeadlineAfter(nanos, TimeUnit.NANOSECONDS) : options);
    }
}
