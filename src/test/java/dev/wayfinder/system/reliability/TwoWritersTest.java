package dev.wayfinder.system.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.faults.ControllerUnderTest;
import dev.wayfinder.faults.MockApi;
import dev.wayfinder.faults.Rig;
import dev.wayfinder.faults.TwoWritersRow;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fault suite, controller rows (issue 14): two controllers with one owner id, the second started during 100 racing creates. */
class TwoWritersTest {

    private static final Logger LOG = LoggerFactory.getLogger(TwoWritersTest.class);

    @Test
    void theSecondWriterIsDetectedWithinSecondsStandsByWithoutFlappingAndTakesOver() throws Exception {
        try (Rig rig = Rig.start(); KubernetesClient one = MockApi.clientVia(rig.api.address());
             KubernetesClient two = MockApi.clientVia(rig.api.address())) {
            rig.fleet.create(0, 20);
            ControllerUnderTest first = ControllerUnderTest.inProcess(rig.args(), rig.env(), one);
            try {
                TwoWritersRow.Result r = TwoWritersRow.run(rig, first, () -> ControllerUnderTest.inProcess(rig.args(), rig.env(), two), 20, 100,
                        Duration.ofSeconds(2), Duration.ofSeconds(30));
                LOG.info("two writers row: {}", r.figure());

                assertThat(r.detectedAfter()).as("detected within seconds").isLessThan(Duration.ofSeconds(5));
                assertThat(r.warnings()).as("no false Warning Event").isZero();
                assertThat(r.readyz()).contains("another writer with owner id " + Rig.OWNER).contains("writes nothing until it is gone");
                assertThat(r.takeoverAfter()).as("a clean stop hands over at once").isLessThan(Duration.ofSeconds(5));
                assertThat(r.after().none()).as(r.after().toString()).isTrue();
            } finally {
                first.close();
            }
        }
    }
}
