package dev.wayfinder.system.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.faults.ApiLinkCutRow;
import dev.wayfinder.faults.ControllerUnderTest;
import dev.wayfinder.faults.MockApi;
import dev.wayfinder.faults.Rig;
import dev.wayfinder.faults.TcpLink;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fault suite, controller rows (issue 14): the link to the API cut for 2 s while Services are deleted; the
 * watch resumes without the deletions (the CRUD mock replays nothing) and the re-list, every 2 s here,
 * corrects them.
 */
class ApiLinkCutTest {

    private static final Logger LOG = LoggerFactory.getLogger(ApiLinkCutTest.class);

    @Test
    void deletionsMissedWhileTheLinkWasCutAreCorrectedWithinTheRelistInterval() throws Exception {
        Duration relist = Duration.ofSeconds(2);
        try (Rig rig = Rig.start(); TcpLink link = new TcpLink(rig.api.address()); KubernetesClient viaLink = MockApi.clientVia(link.address())) {
            rig.fleet.create(0, 30);
            try (ControllerUnderTest controller = ControllerUnderTest.inProcess(rig.args("--relist-interval=" + relist.toSeconds() + "s"),
                    rig.env(), viaLink)) {
                ApiLinkCutRow.Result r = ApiLinkCutRow.run(rig, link, controller, Duration.ofSeconds(2), 5, 30, relist, Duration.ofSeconds(20));
                LOG.info("API link cut row: {}", r.figure());

                assertThat(r.missedDeletions()).as("the watch missed them; the re-list found them").isGreaterThanOrEqualTo(5);
                assertThat(r.toCurrent()).as("within the re-list interval of the link's return, and one pass")
                        .isLessThanOrEqualTo(relist.plusSeconds(2));
                assertThat(r.after().none()).as(r.after().toString()).isTrue();
            }
        }
    }
}
