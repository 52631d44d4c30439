package dev.wayfinder.model;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's {@code time.ParseDuration} for the non-negative durations ExternalDNS flags, annotations and
 * CoreDNS options take: {@code 30s}, {@code 1m}, {@code 1h30m}, {@code 1.5h}, {@code 500ms},
 * {@code 0}; units ns, us (µs), ms, s, m, h.
 */
public final class GoDuration {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)([a-zµμ]+)");
    private static final Map<String, BigDecimal> NANOS = Map.of(
            "ns", BigDecimal.ONE, "us", BigDecimal.valueOf(1_000), "µs", BigDecimal.valueOf(1_000),
            "μs", BigDecimal.valueOf(1_000), "ms", BigDecimal.valueOf(1_000_000), "s", BigDecimal.valueOf(1_000_000_000L),
            "m", BigDecimal.valueOf(60_000_000_000L), "h", BigDecimal.valueOf(3_600_000_000_000L));

    private GoDuration() {
    }

    /** The duration; an {@link IllegalArgumentException} quoting the input says what is wrong. */
    public static Duration parse(String text) {
        String t = text == null ? "" : text.trim();
        String rest = t.startsWith("+") ? t.substring(1) : t;
        if (rest.startsWith("-")) {
            throw new IllegalArgumentException("'" + text + "' is negative");
        }
        if (rest.equals("0")) {
            return Duration.ZERO;
        }
        if (rest.isEmpty()) {
            throw notADuration(text);
        }
        Matcher m = PART.matcher(rest);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < rest.length()) {
            if (!m.find(at) || m.start() != at) {
                throw notADuration(text);
            }
            BigDecimal unit = NANOS.get(m.group(2));
            if (unit == null) {
                throw new IllegalArgumentException("unknown unit '" + m.group(2) + "' in '" + text + "' (use ns, us, ms, s, m or h)");
            }
            String number = m.group(1);
            nanos = nanos.add(new BigDecimal(number.endsWith(".") ? number + "0" : number).multiply(unit));
            at = m.end();
        }
        try {
            return Duration.ofNanos(nanos.toBigInteger().longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration", e);
        }
    }

    private static IllegalArgumentException notADuration(String text) {
        return new IllegalArgumentException("'" + text + "' is not a duration such as 30s, 5m or 2h30m");
    }
}
