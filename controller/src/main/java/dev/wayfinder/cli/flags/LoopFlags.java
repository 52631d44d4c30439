package dev.wayfinder.cli.flags;

import static dev.wayfinder.cli.flags.FlagRow.alwaysOn;
import static dev.wayfinder.cli.flags.FlagRow.differs;
import static dev.wayfinder.cli.flags.FlagRow.implemented;
import static dev.wayfinder.cli.flags.FlagRow.noEffect;
import static dev.wayfinder.cli.flags.FlagRow.refused;

import java.util.List;

/** ExternalDNS's flags for the control loop, logging and metrics. */
final class LoopFlags {

    private LoopFlags() {
    }

    static final List<FlagRow> ROWS = List.of(
            differs("policy", "", "sync", "sync, upsert-only or create-only (ExternalDNS v0.22 requires it; sync when absent)"),
            implemented("interval", "1m", "resync period; object changes trigger passes in between"),
            implemented("once", "false", "one pass, the plan printed, then exit"),
            implemented("dry-run", "false", "plan and print; change nothing"),
            alwaysOn("events", "false", "object changes always trigger a pass here"),
            differs("min-event-sync-interval", "5s", "0s", "the shortest time between passes triggered by object changes"
                    + " (0s here: within milliseconds)"),
            implemented("provider-cache-time", "0s", "how long the records read from the provider are reused (patched with what is"
                    + " applied); 0s: up to --interval"),
            alwaysOn("txt-cache-interval", "0s", "the records read, ownership included, are reused and patched with each apply"),
            implemented("log-format", "text", "text or json (one JSON object per line)"),
            implemented("log-level", "info", "panic, fatal, error, warning, info, debug or trace"),
            implemented("metrics-address", ":7979", "serves /metrics (external_dns_* and wayfinder_*), /healthz, /readyz"),
            noEffect("batch-change-size", "200", "only cloud providers batch this way; see --rfc2136-batch-change-size"),
            noEffect("batch-change-interval", "1s", "only cloud providers batch this way"),
            refused("webhook-server", "false", "this controller does not serve ExternalDNS's webhook provider protocol"));
}
