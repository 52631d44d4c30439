package dev.wayfinder.system.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.faults.MidApplyKillRow;
import dev.wayfinder.faults.Rig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fault suite, controller rows (issue 14), short form: a controller JVM SIGKILLed mid-apply of 600 names (the bench: 2,000). */
class MidApplyKillTest {

    private static final Logger LOG = LoggerFactory.getLogger(MidApplyKillTest.class);

    @Test
    void theNextControllerConvergesToExactlyTheDesiredNames(@TempDir Path dir) throws Exception {
        try (Rig rig = Rig.start()) {
            MidApplyKillRow.Result r = MidApplyKillRow.run(rig, dir, 600, 20, Duration.ofSeconds(90));
            LOG.info("mid-apply kill row: {}", r.figure());

            assertThat(r.atKill()).as("killed mid-apply").isBetween(1L, 599L);
            assertThat(r.after().none()).as(r.after().toString()).isTrue();
        }
    }
}
