package dev.wayfinder.system.support;

import dev.wayfinder.demo.coredns.CoreDnsBinary;
import dev.wayfinder.demo.coredns.CoreDnsProcess;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Assumptions;

/**
 * Stock CoreDNS for the system tests. Where it is required ({@code WAYFINDER_REQUIRE_COREDNS=1},
 * which {@code .ci/run} sets) a missing binary fails the test; elsewhere the test is skipped with a
 * message that says how to get CoreDNS.
 */
public final class StockCoreDns {

    public static final String REQUIRE_ENV = "WAYFINDER_REQUIRE_COREDNS";

    private StockCoreDns() {
    }

    /** The binary, or the test ends here: failed in CI, skipped elsewhere, with the reason either way. */
    public static CoreDnsBinary binary() {
        var found = CoreDnsBinary.find();
        if (found.isPresent()) {
            return found.get();
        }
        if (required()) {
            throw new AssertionError(REQUIRE_ENV + " is set but " + CoreDnsBinary.whyMissing());
        }
        Assumptions.abort("skipped: " + CoreDnsBinary.whyMissing());
        throw new AssertionError("unreachable");
    }

    /** Starts CoreDNS on a free port with the Corefile {@code corefileForPort} renders for it. */
    public static CoreDnsProcess start(IntFunction<String> corefileForPort) {
        return CoreDnsProcess.startOnFreePort(binary(), corefileForPort);
    }

    /** True where CoreDNS must be there ({@value #REQUIRE_ENV} set, as in CI): its absence fails the test. */
    public static boolean required() {
        String v = System.getenv().getOrDefault(REQUIRE_ENV, "");
        return !v.isEmpty() && !v.equals("0") && !v.equalsIgnoreCase("false");
    }
}
