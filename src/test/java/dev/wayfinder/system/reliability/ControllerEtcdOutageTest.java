package dev.wayfinder.system.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.faults.ControllerUnderTest;
import dev.wayfinder.faults.EtcdOutageRow;
import dev.wayfinder.faults.Rig;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fault suite, controller rows (issue 14), short form: etcd SIGKILLed and restarted after 3 and 10 s while
 * Services change (bench/faults-controller.sh runs 3, 30 and 150 s).
 */
class ControllerEtcdOutageTest {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerEtcdOutageTest.class);

    @Test
    void failsWithinSecondsWhileEtcdIsDownAndIsCurrentWithinTwoSecondsOfItsReturn() throws Exception {
        try (Rig rig = Rig.start()) {
            rig.fleet.create(0, 40);
            try (ControllerUnderTest controller = ControllerUnderTest.inProcess(rig.args(), rig.env(), rig.api.client())) {
                for (int[] run : new int[][] {{3, 40}, {10, 45}}) {
                    EtcdOutageRow.Result r = EtcdOutageRow.run(rig, controller, Duration.ofSeconds(run[0]), 5, run[1], Duration.ofSeconds(30));
                    LOG.info("etcd outage row: {}", r.figure());

                    assertThat(r.errorsAfter()).as("a pass fails within seconds").isLessThan(Duration.ofSeconds(8));
                    assertThat(r.notReadyAfter()).as("/readyz says so").isLessThan(Duration.ofSeconds(8));
                    assertThat(r.toCurrent()).as("current after etcd's return").isLessThanOrEqualTo(Duration.ofSeconds(2));
                    assertThat(r.after().none()).as("nothing lost, no ghost: " + r.after()).isTrue();
                }
            }
        }
    }
}
