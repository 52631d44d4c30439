package dev.wayfinder.model;

/** An SRV target in its endpoint text form {@code "priority weight port target"}. */
public record SrvTarget(int priority, int weight, int port, DnsName target) {

    public SrvTarget {
        checkUnsigned16("priority", priority);
        checkUnsigned16("weight", weight);
        checkUnsigned16("port", port);
    }

    public static SrvTarget parse(String text) {
        String[] f = text.trim().split("\\s+");
        if (f.length != 4) {
            throw new IllegalArgumentException("SRV target '" + text + "' must be 'priority weight port target'");
        }
        return new SrvTarget(number(text, "priority", f[0]), number(text, "weight", f[1]), number(text, "port", f[2]), DnsName.of(f[3]));
    }

    static int number(String text, String field, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " '" + value + "' in '" + text + "' is not a number", e);
        }
    }

    static void checkUnsigned16(String field, int value) {
        if (value < 0 || value > 65535) {
            throw new IllegalArgumentException(field + " must be between 0 and 65535, got " + value);
        }
    }

    public String text() {
        return priority + " " + weight + " " + port + " " + target;
    }
}
