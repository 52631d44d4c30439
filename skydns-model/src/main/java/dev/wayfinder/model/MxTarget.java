package dev.wayfinder.model;

/** An MX target in its endpoint text form {@code "preference exchange"}. */
public record MxTarget(int preference, DnsName exchange) {

    public MxTarget {
        SrvTarget.checkUnsigned16("preference", preference);
    }

    public static MxTarget parse(String text) {
        String[] f = text.trim().split("\\s+");
        if (f.length != 2) {
            throw new IllegalArgumentException("MX target '" + text + "' must be 'preference exchange'");
        }
        return new MxTarget(SrvTarget.number(text, "preference", f[0]), DnsName.of(f[1]));
    }

    public String text() {
        return preference + " " + exchange;
    }
}
