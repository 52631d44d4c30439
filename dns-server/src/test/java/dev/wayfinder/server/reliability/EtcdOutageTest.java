package dev.wayfinder.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.wayfinder.provider.etcd.testing.EtcdProcess;
import dev.wayfinder.server.cli.InProcessDns;
import dev.wayfinder.server.etcd.EtcdSnapshotFeed;
import dev.wayfinder.server.faults.EtcdOutage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Fault suite, etcd row (short form; bench/faults-dns.sh runs 3, 30 and 150 s): etcd SIGKILLed and
 * restarted under {@code wayfinder dns}; it answers throughout and is current within 2 s of etcd's
 * return, and the outage logs one warning and a count, not one every few seconds.
 */
class EtcdOutageTest {

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(EtcdOutageTest.class);
    private static EtcdProcess etcd;
    private static InProcessDns dns;

    @BeforeAll
    static void start() {
        etcd = EtcdProcess.start();
        dns = InProcessDns.start(List.of("--listen", "127.0.0.1:0", "--zone", "outage.test", "--etcd-endpoints", etcd.clientUrl(),
                "--ops-listen", "none"), Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        dns.close();
        etcd.close();
    }

    @Test
    void afterAnOutageTheServerIsCurrentWithinTwoSecondsWhateverItsLength() throws Exception {
        ListAppender<ILoggingEvent> log = capture();
        EtcdOutage outage = new EtcdOutage(etcd, dns.address(), "outage.test");

        EtcdOutage.Result shortOne = outage.run(Duration.ofSeconds(3), "before-3s", "after-3s", Duration.ofSeconds(30));
        EtcdOutage.Result longer = outage.run(Duration.ofSeconds(15), "before-15s", "after-15s", Duration.ofSeconds(30));

        LOG.info("etcd outage {} s: current {} ms after etcd returned; outage {} s: {} ms", shortOne.outage().toSeconds(),
                shortOne.toCurrent().toMillis(), longer.outage().toSeconds(), longer.toCurrent().toMillis());
        assertThat(List.of(shortOne, longer)).allSatisfy(r -> {
            assertThat(r.answeredDuringOutage()).as("served from the snapshot while etcd was down").isTrue();
            assertThat(r.toCurrent()).as("time to current after a %s s outage", r.outage().toSeconds())
                    .isLessThanOrEqualTo(Duration.ofSeconds(2));
        });
        List<String> warnings = log.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(warnings).filteredOn(w -> w.startsWith("etcd is unreachable")).as("one line per outage, repeats counted").hasSize(2);
        assertThat(warnings).filteredOn(w -> w.startsWith("etcd was unreachable")).as("and a count when it is over (at least after the long one)").isNotEmpty()
                .allSatisfy(w -> assertThat(w).matches("etcd was unreachable \\(repeated \\d+ times in \\d+ s\\)"));
    }

    private static ListAppender<ILoggingEvent> capture() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(EtcdSnapshotFeed.class)).addAppender(appender);
        return appender;
    }
}
