package dev.wayfinder.system.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.faults.CompactionStormRow;
import dev.wayfinder.faults.ControllerUnderTest;
import dev.wayfinder.faults.EtcdOutageRow;
import dev.wayfinder.faults.EtcdRestoreRow;
import dev.wayfinder.faults.Rig;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fault suite, controller rows (issue 14), short form of the etcd rows, one controller through them all (in this
 * JVM; bench/faults-controller.sh runs it in its own, with outages of 3, 30 and 150 s): etcd SIGKILLed and back
 * after 5 s, reloaded from an older backup, wiped, compacted every 50 ms. Each test starts from where the last left
 * the fleet; each creates Services from its own index on.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ControllerEtcdFaultsTest {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerEtcdFaultsTest.class);
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private static Rig rig;
    private static ControllerUnderTest controller;

    @BeforeAll
    static void start() throws Exception {
        rig = Rig.start();
        rig.fleet.create(0, 40);
        controller = ControllerUnderTest.inProcess(rig.args(), rig.env(), rig.api.client());
    }

    @AfterAll
    static void stop() {
        if (controller != null) {
            controller.close();
        }
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    @Order(1)
    void aPassFailsWithinSecondsWhileEtcdIsDownAndItIsCurrentWithinTwoSecondsOfItsReturn() throws Exception {
        EtcdOutageRow.Result r = EtcdOutageRow.run(rig, controller, Duration.ofSeconds(5), 5, 40, LIMIT);
        LOG.info("etcd outage row: {}", r.figure());

        assertThat(r.errorsAfter()).as("a pass fails within seconds").isLessThan(Duration.ofSeconds(5));
        assertThat(r.notReadyAfter()).as("/readyz says so").isLessThan(Duration.ofSeconds(5));
        assertThat(r.toCurrent()).as("current after etcd's return").isLessThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(r.after().none()).as("nothing lost, no ghost: " + r.after()).isTrue();
    }

    @Test
    @Order(2)
    void anEtcdReloadedFromAnOlderBackupIsRewrittenToExactlyTheDesiredNames() throws Exception {
        EtcdRestoreRow.Result r = EtcdRestoreRow.reloaded(rig, 5, 45, LIMIT);
        LOG.info("etcd restore row: {}", r.figure());

        assertThat(r.toCurrent()).isLessThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(r.after().none()).as(r.after().toString()).isTrue();
    }

    @Test
    @Order(3)
    void aWipedEtcdIsRewritten() throws Exception {
        EtcdRestoreRow.Result r = EtcdRestoreRow.wiped(rig, LIMIT);
        LOG.info("etcd restore row: {}", r.figure());

        assertThat(r.toCurrent()).isLessThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(r.after().none()).as(r.after().toString()).isTrue();
    }

    @Test
    @Order(4)
    void nothingIsLostOrKeptUnderACompactionStorm() throws Exception {
        CompactionStormRow.Result r = CompactionStormRow.run(rig, controller, Duration.ofSeconds(3), Duration.ofMillis(50), LIMIT);
        LOG.info("compaction storm row: {}", r.figure());

        assertThat(r.compactions()).as("a storm").isGreaterThan(10);
        assertThat(r.toCurrent()).isLessThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(r.after().none()).as(r.after().toString()).isTrue();
    }
}
