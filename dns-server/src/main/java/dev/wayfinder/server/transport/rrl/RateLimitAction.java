package dev.wayfinder.server.transport.rrl;

/** What response rate limiting does with one UDP response. */
public enum RateLimitAction {
    /** Within the rate: sent as it is. */
    SEND("sent"),
    /** Over the rate: not sent. */
    DROP("dropped"),
    /** Over the rate, but sent truncated (TC, no records) so a real client retries over TCP (BIND's and Knot's slip). */
    SLIP("slipped");

    private final String label;

    RateLimitAction(String label) {
        this.label = label;
    }

    /** The metric label. */
    public String label() {
        return label;
    }
}
