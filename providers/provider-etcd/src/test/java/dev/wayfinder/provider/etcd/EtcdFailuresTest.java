package dev.wayfinder.provider.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EtcdFailuresTest {

    @ParameterizedTest(name = "{0} transient={1}")
    @CsvSource({
            "UNAVAILABLE,true", "DEADLINE_EXCEEDED,true", "ABORTED,true", "RESOURCE_EXHAUSTED,true", "OUT_OF_RANGE,true",
            "PERMISSION_DENIED,false", "UNAUTHENTICATED,false", "INVALID_ARGUMENT,false", "FAILED_PRECONDITION,false",
            "INTERNAL,false"})
    void grpcStatusDecidesWhetherToRetry(Status.Code code, boolean retry) {
        Throwable wrapped = new CompletionException(new ExecutionException(Status.fromCode(code).asRuntimeException()));

        assertThat(EtcdFailures.isTransient(wrapped)).isEqualTo(retry);
    }

    @org.junit.jupiter.api.Test
    void timeoutsAndLostRacesAreTransientOtherExceptionsAreNot() {
        assertThat(EtcdFailures.isTransient(new CompletionException(new TimeoutException()))).isTrue();
        assertThat(EtcdFailures.isTransient(new EtcdFailures.Conflict("www changed"))).isTrue();
        assertThat(EtcdFailures.isTransient(new IllegalStateException("bug"))).isFalse();
        // gRPC's UNKNOWN status around a transport failure: etcd was not reached, so the call may be tried again.
        Throwable reset = new CompletionException(Status.UNKNOWN.withCause(new java.io.IOException("Connection reset by peer")).asRuntimeException());
        assertThat(EtcdFailures.isTransient(reset)).isTrue();
        assertThat(EtcdFailures.isUnreachable(reset)).isTrue();
        assertThat(EtcdFailures.describe(new CompletionException(new TimeoutException()))).isEqualTo("no answer from etcd in time");
    }
}
