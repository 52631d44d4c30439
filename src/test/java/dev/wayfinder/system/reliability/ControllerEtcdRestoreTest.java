package dev.wayfinder.system.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.faults.ControllerUnderTest;
import dev.wayfinder.faults.EtcdRestoreRow;
import dev.wayfinder.faults.Rig;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fault suite, controller rows (issue 14): etcd reloaded from an older backup, then wiped; the controller writes what is missing and removes the ghosts. */
class ControllerEtcdRestoreTest {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerEtcdRestoreTest.class);

    @Test
    void aRestoredOrWipedEtcdIsRewrittenToExactlyTheDesiredNames() throws Exception {
        try (Rig rig = Rig.start()) {
            rig.fleet.create(0, 40);
            try (ControllerUnderTest controller = ControllerUnderTest.inProcess(rig.args(), rig.env(), rig.api.client())) {
                EtcdRestoreRow.Result reloaded = EtcdRestoreRow.reloaded(rig, 5, 40, Duration.ofSeconds(30));
                LOG.info("etcd restore row: {}", reloaded.figure());
                EtcdRestoreRow.Result wiped = EtcdRestoreRow.wiped(rig, Duration.ofSeconds(30));
                LOG.info("etcd restore row: {}", wiped.figure());

                for (EtcdRestoreRow.Result r : new EtcdRestoreRow.Result[] {reloaded, wiped}) {
                    assertThat(r.toCurrent()).as(r.kind()).isLessThanOrEqualTo(Duration.ofSeconds(2));
                    assertThat(r.after().none()).as(r.kind() + ": " + r.after()).isTrue();
                }
            }
        }
    }
}
