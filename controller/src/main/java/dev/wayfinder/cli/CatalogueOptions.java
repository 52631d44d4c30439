package dev.wayfinder.cli;

import dev.wayfinder.cli.flags.ExternalDnsFlags;
import dev.wayfinder.cli.flags.FlagRow;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The ExternalDNS flags the controller does not declare itself: each is added (hidden) from the flag
 * catalogue so that the command line accepts it, and {@link #problems} then refuses the refused ones,
 * and the default-only ones given another value, with the catalogue's reason.
 */
final class CatalogueOptions {

    private CatalogueOptions() {
    }

    /** Adds a hidden option for every catalogue flag {@code spec} lacks. */
    static void addTo(CommandSpec spec) {
        for (FlagRow row : ExternalDnsFlags.rows()) {
            String name = "--" + row.name();
            if (spec.findOption(name) != null) {
                continue;
            }
            boolean bool = isBoolean(row);
            OptionSpec.Builder b = OptionSpec.builder(name).hidden(true).description(row.status().label() + ": " + row.meaning());
            if (bool) {
                b.type(boolean.class).arity("0..1").negatable(true).fallbackValue("true").defaultValue(row.edns());
            } else {
                b.type(List.class).auxiliaryTypes(String.class).splitRegex("\\r?\\n").arity("1");
                if (!row.edns().isEmpty()) {
                    b.defaultValue(row.edns());
                }
            }
            spec.addOption(b.build());
        }
    }

    static boolean isBoolean(FlagRow row) {
        return row.edns().equals("true") || row.edns().equals("false");
    }

    /** The refusals: every refused flag that was given, every default-only flag given another value. */
    static List<String> problems(CommandSpec spec) {
        List<String> out = new ArrayList<>();
        for (FlagRow row : ExternalDnsFlags.rows()) {
            OptionSpec o = spec.findOption("--" + row.name());
            if (o == null || !o.hidden() || row.status() == FlagRow.Status.IMPLEMENTED) {
                continue;
            }
            if (row.status() == FlagRow.Status.REFUSED && given(o, row)
                    || row.status() == FlagRow.Status.DEFAULT_ONLY && given(o, row)) {
                out.add(row.refusal());
            }
        }
        return out;
    }

    /** Whether the flag holds something other than ExternalDNS's default (on the command line or from the environment). */
    private static boolean given(OptionSpec o, FlagRow row) {
        Object v = o.getValue();
        if (v instanceof Boolean b) {
            return !String.valueOf(b).equals(row.edns());
        }
        if (v instanceof List<?> list) {
            return list.stream().map(String::valueOf).anyMatch(s -> !s.isEmpty() && !s.equals(row.edns()));
        }
        return v != null && !String.valueOf(v).isEmpty() && !String.valueOf(v).equals(row.edns());
    }
}
