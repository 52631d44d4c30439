package dev.wayfinder.bench.controller;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * Where the controller's passes spend their time: the phase durations of each pass that changed
 * something, as the {@code Reconciler}'s INFO line reports them, collected in memory (that logger
 * alone is raised to INFO; the rest of the log stays at its level).
 */
final class PassLog extends AppenderBase<ILoggingEvent> {

    private static final Pattern PHASES = Pattern.compile("\\(sources (\\d+) ms, read (\\d+) ms, plan (\\d+) ms, apply (\\d+) ms\\)");
    private static final Pattern PLANNED = Pattern.compile("\\((\\d+) name\\(s\\) planned\\)");

    private final List<long[]> passes = Collections.synchronizedList(new ArrayList<>());

    static PassLog attach() {
        Logger logger = (Logger) LoggerFactory.getLogger("dev.wayfinder.controller.Reconciler");
        PassLog log = new PassLog();
        log.setContext(logger.getLoggerContext());
        log.start();
        logger.setLevel(Level.INFO);
        logger.setAdditive(false);
        logger.addAppender(log);
        return log;
    }

    @Override
    protected void append(ILoggingEvent event) {
        Matcher m = PHASES.matcher(event.getFormattedMessage());
        if (m.find()) {
            Matcher planned = PLANNED.matcher(event.getFormattedMessage());
            // -1: the pass planned every name
            long names = planned.find() ? Long.parseLong(planned.group(1)) : -1;
            passes.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                Long.parseLong(m.group(4)), names});
        }
    }

    int size() {
        return passes.size();
    }

    /** The phases of the passes logged from {@code from} on: p50 and p99 of each, in milliseconds. */
    String describe(int from) {
        List<long[]> mine;
        synchronized (passes) {
            mine = new ArrayList<>(passes.subList(Math.min(from, passes.size()), passes.size()));
        }
        if (mine.isEmpty()) {
            return "no pass logged";
        }
        String[] names = {"sources", "read", "plan", "apply"};
        long whole = mine.stream().filter(a -> a[4] < 0).count();
        List<Long> planned = new ArrayList<>(mine.stream().filter(a -> a[4] >= 0).map(a -> a[4]).sorted().toList());
        StringBuilder sb = new StringBuilder(mine.size() + " passes (" + whole + " over every name"
                + (planned.isEmpty() ? "" : ", the others over " + planned.get((planned.size() - 1) / 2) + " names at the median, "
                + planned.get(planned.size() - 1) + " at most") + "):");
        for (int phase = 0; phase < names.length; phase++) {
            int p = phase;
            List<Long> values = new ArrayList<>(mine.stream().map(a -> a[p]).toList());
            Collections.sort(values);
            sb.append(String.format(" %s p50 %d ms / p99 %d ms%s", names[phase], values.get((values.size() - 1) / 2),
                    values.get((int) Math.ceil(0.99 * values.size()) - 1), phase < names.length - 1 ? "," : ""));
        }
        return sb.toString();
    }
}
