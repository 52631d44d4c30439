package dev.wayfinder.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.provider.writers.Writer;
import dev.wayfinder.provider.writers.WriterPresence;
import dev.wayfinder.provider.writers.WriterVerdict;
import dev.wayfinder.provider.writers.WriterVerdict.Standing;
import dev.wayfinder.source.api.EventSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a lane says about other writers with its owner id: one Event per change of standing, none for a verdict only unknown for a while. */
class WriterGateTest {

    private static final EventSink.Target POD = new EventSink.Target("v1", "Pod", "wayfinder", "controller-7d9c", "");
    private static final Writer OTHER = new Writer("controller-5f2a-1b2c3d4e", "node-2", 10, "etcd /skydns/", List.of(), "", Instant.EPOCH);

    private final List<String> events = new ArrayList<>();
    private final EventSink sink = new EventSink() {
        @Override
        public void emit(String resource, Reason reason, boolean warning, String message) {
            events.add("object " + resource);
        }

        @Override
        public void emit(Target target, String reason, boolean warning, String message) {
            events.add(target.name() + " " + reason + (warning ? " Warning" : " Normal"));
        }
    };
    private WriterVerdict now = new WriterVerdict(Standing.UNREGISTERED, List.of());
    private final WriterPresence presence = new WriterPresence() {
        @Override
        public void start(Runnable onChange) {
        }

        @Override
        public WriterVerdict verdict() {
            return now;
        }

        @Override
        public void close() {
        }
    };

    @Test
    void eachChangeOfStandingIsToldOnceAndAnUnknownSpellChangesNothing() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        WriterGate gate = new WriterGate("etcd", "wf", presence, meters, sink, Optional.of(POD));
        List<String> held = new ArrayList<>();

        for (WriterVerdict v : List.of(
                new WriterVerdict(Standing.UNREGISTERED, List.of()),
                WriterVerdict.ALONE, WriterVerdict.ALONE,
                new WriterVerdict(Standing.STANDING_BY, List.of(OTHER)), new WriterVerdict(Standing.STANDING_BY, List.of(OTHER)),
                new WriterVerdict(Standing.UNREGISTERED, List.of(OTHER)), // etcd away for a while
                new WriterVerdict(Standing.STANDING_BY, List.of(OTHER)),
                WriterVerdict.ALONE)) {
            now = v;
            held.add(gate.held().map(h -> "held").orElse("writes"));
        }

        assertThat(held).containsExactly("held", "writes", "writes", "held", "held", "held", "held", "writes");
        assertThat(events).containsExactly("controller-7d9c WriterStandingBy Warning", "controller-7d9c WriterAlone Normal");
        assertThat(meters.get("wayfinder_controller_writers").tag("provider", "etcd").gauge().value()).isEqualTo(1);
        assertThat(meters.get("wayfinder_controller_standing_by").tag("provider", "etcd").gauge().value()).isZero();
    }

    @Test
    void theFirstWriterWritesAndSaysAnotherIsThere() {
        WriterGate gate = new WriterGate("rfc2136", "wf", presence, new SimpleMeterRegistry(), sink, Optional.of(POD));
        now = WriterVerdict.ALONE;
        gate.held();
        now = new WriterVerdict(Standing.FIRST, List.of(OTHER));

        assertThat(gate.held()).isEmpty();
        assertThat(events).containsExactly("controller-7d9c AnotherWriter Warning");
    }
}
