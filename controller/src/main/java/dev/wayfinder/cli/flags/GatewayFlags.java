package dev.wayfinder.cli.flags;

import static dev.wayfinder.cli.flags.FlagRow.implemented;

import java.util.List;

/** ExternalDNS's flags for the Gateway API route sources. */
final class GatewayFlags {

    private GatewayFlags() {
    }

    static final List<FlagRow> ROWS = List.of(
            implemented("gateway-name", "", "route sources: follow Gateways of this name only"),
            implemented("gateway-namespace", "", "route sources: follow Gateways of this namespace only"),
            implemented("gateway-label-filter", "", "route sources: follow Gateways whose labels match this selector"),
            FlagRow.defaultOnly("gateway-listener-sets", "false", "ListenerSet parents (Gateway API v1.5) are not followed; routes attach"
                    + " through their Gateways"));
}
