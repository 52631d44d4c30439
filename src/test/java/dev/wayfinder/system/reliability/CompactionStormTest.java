package dev.wayfinder.system.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.faults.CompactionStormRow;
import dev.wayfinder.faults.ControllerUnderTest;
import dev.wayfinder.faults.Rig;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fault suite, controller rows (issue 14): etcd compacted every 50 ms for 4 s while Services change. */
class CompactionStormTest {

    private static final Logger LOG = LoggerFactory.getLogger(CompactionStormTest.class);

    @Test
    void nothingIsLostOrKeptUnderACompactionStorm() throws Exception {
        try (Rig rig = Rig.start()) {
            rig.fleet.create(0, 100);
            try (ControllerUnderTest controller = ControllerUnderTest.inProcess(rig.args(), rig.env(), rig.api.client())) {
                CompactionStormRow.Result r = CompactionStormRow.run(rig, controller, Duration.ofSeconds(4), Duration.ofMillis(50),
                        Duration.ofSeconds(30));
                LOG.info("compaction storm row: {}", r.figure());

                assertThat(r.compactions()).as("a storm").isGreaterThan(20);
                assertThat(r.toCurrent()).isLessThanOrEqualTo(Duration.ofSeconds(2));
                assertThat(r.after().none()).as(r.after().toString()).isTrue();
            }
        }
    }
}
