package dev.wayfinder.model;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses Go-style durations as ExternalDNS and CoreDNS take them in flags, annotations and
 * Corefiles: {@code 1m}, {@code 30s}, {@code 1h30m}, {@code 500ms}. Whole units only.
 */
public final class GoDuration {

    private static final Pattern PART = Pattern.compile("(\\d+)(ms|h|m|s)");

    private GoDuration() {
    }

    public static Duration parse(String text) {
        String t = text == null ? "" : text.trim();
        if (!t.matches("(\\d+(ms|h|m|s))+")) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 30s, 1m or 1h30m");
        }
        Duration d = Duration.ZERO;
        Matcher m = PART.matcher(t);
        while (m.find()) {
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is too long a duration", e);
            }
            d = d.plus(switch (m.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMillis(n);
            });
        }
        return d;
    }
}
