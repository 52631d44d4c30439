package dev.wayfinder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** {@code --log-format=json}: ExternalDNS's chart passes --log-format (text or json); json gives one JSON object per log line. */
class LogFormatTest {

    @Test
    void jsonLogsAreOneObjectPerLineWithTheMessageAsPrinted() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        LoggerContext context = root.getLoggerContext();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setName("test-sink");
        appender.setEncoder(new ch.qos.logback.classic.encoder.PatternLayoutEncoder());
        ((ch.qos.logback.classic.encoder.PatternLayoutEncoder) appender.getEncoder()).setPattern("%msg%n");
        appender.getEncoder().setContext(context);
        appender.getEncoder().start();
        appender.setOutputStream(sink);
        appender.start();
        root.addAppender(appender);
        Level before = root.getLevel();
        try {
            LogFormat.apply(Level.INFO, "json");
            LoggerFactory.getLogger("dev.wayfinder.test").info("published {} at {}", "a.example.org", "172.18.0.2");
            String line = sink.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("published")).findFirst().orElseThrow();
            Map<?, ?> json = new KubernetesSerialization().unmarshal(line, Map.class);
            assertThat(json.get("level")).isEqualTo("INFO");
            assertThat(json.get("formattedMessage")).isEqualTo("published a.example.org at 172.18.0.2");
            assertThat(json.get("loggerName")).isEqualTo("dev.wayfinder.test");
        } finally {
            root.detachAppender(appender);
            root.setLevel(before);
        }
    }
}
