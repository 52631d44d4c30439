package dev.wayfinder.server.transport;

/** What the transport reports per query; {@link #NONE} for tests that do not look. */
public interface QueryMetrics {

    QueryMetrics NONE = (qtype, rcode, nanos, tcp) -> { };

    /** One answered query: its type (-1 when unparseable), the reply's rcode, the time spent. */
    void answered(int qtype, int rcode, long nanos, boolean tcp);

    /** One query answered from a reply prepared ahead ({@code server.prepared}); counted by {@link #answered} as well. */
    default void answeredPrepared(int qtype, int rcode, long nanos, boolean tcp) {
        answered(qtype, rcode, nanos, tcp);
    }
}
