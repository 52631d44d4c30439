package dev.wayfinder.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/** {@code --log-format} and {@code --log-level}, applied to logback: ExternalDNS's (logrus) names. */
final class LogFormat {

    private LogFormat() {
    }

    /** logrus's levels (types.go {@code allLogLevelsAsStrings}) → logback's. */
    static Optional<Level> level(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "trace" -> Optional.of(Level.TRACE);
            case "debug" -> Optional.of(Level.DEBUG);
            case "info" -> Optional.of(Level.INFO);
            case "warn", "warning" -> Optional.of(Level.WARN);
            case "error", "fatal", "panic" -> Optional.of(Level.ERROR);
            default -> Optional.empty();
        };
    }

    static boolean isFormat(String text) {
        return text.equals("text") || text.equals("json");
    }

    /** Sets the root level and, for {@code json}, one JSON object per line on every console appender. */
    static void apply(Level level, String format) {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(level);
        if (!format.equals("json")) {
            return;
        }
        LoggerContext context = root.getLoggerContext();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof OutputStreamAppender<ILoggingEvent> out) {
                // One object per line with the level, time, logger, the message as printed, and any exception.
                JsonEncoder json = new JsonEncoder();
                json.setContext(context);
                json.setWithSequenceNumber(false);
                json.setWithNanoseconds(false);
                json.setWithContext(false);
                json.setWithMessage(false);
                json.setWithArguments(false);
                json.setWithFormattedMessage(true);
                json.start();
                out.setEncoder(json); // swapped in place: stopping a console appender would close its stream
            }
        }
    }
}
