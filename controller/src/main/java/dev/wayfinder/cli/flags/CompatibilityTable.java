package dev.wayfinder.cli.flags;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders the flag catalogue as the Markdown table in {@code docs/external-dns-compatibility.md}
 * (between its {@code BEGIN FLAGS} and {@code END FLAGS} markers); a test regenerates it and
 * compares, so the document cannot drift from the code.
 */
public final class CompatibilityTable {

    public static final String BEGIN = "<!-- BEGIN FLAGS: generated from the flag catalogue (dev.wayfinder.cli.flags) -->";
    public static final String END = "<!-- END FLAGS -->";

    private CompatibilityTable() {
    }

    public static String flags() {
        List<FlagRow> rows = ExternalDnsFlags.rows();
        StringBuilder sb = new StringBuilder();
        sb.append(BEGIN).append('\n');
        sb.append("| flag | status | ExternalDNS default | default here | meaning here, or why not |\n");
        sb.append("|---|---|---|---|---|\n");
        for (FlagRow r : rows) {
            sb.append("| `--").append(r.name()).append("` | ").append(r.status().label()).append(" | ")
                    .append(code(r.edns())).append(" | ").append(r.here() == null ? "same" : r.here().isEmpty() ? "(none)" : code(r.here())).append(" | ")
                    .append(r.meaning().replace("|", "\\|")).append(" |\n");
        }
        ExternalDnsFlags.RENAMED.forEach((old, now) -> sb.append("| `--").append(old).append("` | implemented | | | ExternalDNS v0.21's name of `--")
                .append(now).append("` (removed in v0.22) |\n"));
        sb.append('\n').append(rows.stream().collect(Collectors.groupingBy(r -> r.status().label(), java.util.TreeMap::new,
                Collectors.counting())).entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")))
                .append(" (").append(rows.size()).append(" flags of ExternalDNS v0.22).\n");
        sb.append(END);
        return sb.toString();
    }

    private static String code(String v) {
        return v.isEmpty() ? "" : "`" + v.replace("|", "\\|") + "`";
    }
}
