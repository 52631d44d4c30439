package dev.wayfinder.cli.flags;

import static dev.wayfinder.cli.flags.FlagRow.implemented;
import static dev.wayfinder.cli.flags.FlagRow.noEffect;

import java.util.List;

/** ExternalDNS's flags that choose which names and record types are managed. */
final class FilterFlags {

    private FilterFlags() {
    }

    static final List<FlagRow> ROWS = List.of(
            implemented("domain-filter", "", "names at or below these domains; .example.com: below it only"),
            implemented("exclude-domains", "", "never names at or below these domains (.example.com: below it only)"),
            implemented("regex-domain-filter", "", "names matching this expression; replaces --domain-filter"),
            implemented("regex-domain-exclusion", "", "never names matching this expression; replaces --exclude-domains"),
            implemented("managed-record-types", "A,AAAA,CNAME", "record types published; SRV, TXT, MX, NS and PTR only when listed"),
            implemented("exclude-record-types", "", "record types never published"),
            noEffect("zone-id-filter", "", "zone ids exist only at cloud providers"),
            noEffect("zone-name-filter", "", "only the Azure provider reads it"));
}
