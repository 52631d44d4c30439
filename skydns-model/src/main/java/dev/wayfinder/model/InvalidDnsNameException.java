package dev.wayfinder.model;

/** A DNS name that cannot be used; the message names the input and what is wrong with it. */
public final class InvalidDnsNameException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String input;
    private final String reason;

    public InvalidDnsNameException(String input, String reason) {
        super(input == null ? reason : "'" + input + "' " + reason);
        this.input = input;
        this.reason = reason;
    }

    public String input() {
        return input;
    }

    public String reason() {
        return reason;
    }
}
