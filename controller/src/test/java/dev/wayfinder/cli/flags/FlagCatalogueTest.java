package dev.wayfinder.cli.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.cli.Main;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The flag catalogue covers every ExternalDNS flag, matches the command line, and the compatibility doc matches it. */
class FlagCatalogueTest {

    static final Path DOC = Path.of("..", "docs", "external-dns-compatibility.md");

    /** The fixture lists ExternalDNS v0.22.0's flags as its types.go declares them (the fixture's header cites the lines). */
    static Map<String, String> externalDnsFlags() throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (InputStream in = FlagCatalogueTest.class.getResourceAsStream("/externaldns/v0.22.0-flags.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] p = line.trim().split(" ");
                    out.put(p[0], p[1]);
                }
            }
        }
        return out;
    }

    static CommandSpec controller() {
        return Main.commandLine().getSubcommands().get("controller").getCommandSpec();
    }

    @Test
    void everyExternalDnsFlagHasExactlyOneRowAndNoRowIsInvented() throws IOException {
        assertThat(ExternalDnsFlags.BY_NAME.keySet()).containsExactlyInAnyOrderElementsOf(externalDnsFlags().keySet());
    }

    @Test
    void everyRowIsAcceptedByTheCommandLineAndImplementedOnesAreDeclaredWithTheirDefault() {
        CommandSpec spec = controller();
        List<String> wrong = new ArrayList<>();
        for (FlagRow row : ExternalDnsFlags.rows()) {
            OptionSpec o = spec.findOption("--" + row.name());
            if (o == null) {
                wrong.add(row.name() + ": not an option");
                continue;
            }
            if (row.status() == FlagRow.Status.IMPLEMENTED || row.status() == FlagRow.Status.ALWAYS_ON) {
                // An always-on flag changes nothing, so the catalogue's stand-in may carry it.
                if (o.hidden() && row.status() == FlagRow.Status.IMPLEMENTED) {
                    wrong.add(row.name() + ": " + row.status().label() + " but only the catalogue's hidden stand-in");
                }
                String declared = o.defaultValue() == null ? (o.type() == boolean.class ? "false" : "")
                        : o.defaultValue().replace(",", ",");
                if (!declared.equals(row.defaultHere())) {
                    wrong.add(row.name() + ": default here is '" + declared + "', the catalogue says '" + row.defaultHere() + "'");
                }
            } else if (!o.hidden()) {
                wrong.add(row.name() + ": " + row.status().label() + " but declared as a working option");
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void booleanRowsAreBooleanOptionsThatTakeTheNoForm() throws IOException {
        CommandSpec spec = controller();
        List<String> wrong = new ArrayList<>();
        externalDnsFlags().forEach((name, type) -> {
            OptionSpec o = spec.findOption("--" + name);
            boolean bool = type.equals("BoolVar");
            if (o != null && bool != (o.type() == boolean.class)) {
                wrong.add(name + ": kingpin " + type + ", here " + o.type());
            }
            if (o != null && bool && !o.negatable()) {
                wrong.add(name + ": --no-" + name + " is not accepted");
            }
        });
        assertThat(wrong).isEmpty();
    }

    @Test
    void theCompatibilityDocumentHoldsTheGeneratedTable() throws IOException {
        String doc = Files.readString(DOC);
        int from = doc.indexOf(CompatibilityTable.BEGIN);
        int to = doc.indexOf(CompatibilityTable.END);
        assertThat(from).as("markers in " + DOC).isNotNegative();
        String table = doc.substring(from, to + CompatibilityTable.END.length());
        if (Boolean.getBoolean("wayfinder.regenerate")) {
            Files.writeString(DOC, doc.replace(table, CompatibilityTable.flags()));
            return;
        }
        assertThat(table).as("regenerate with -Dwayfinder.regenerate=true").isEqualTo(CompatibilityTable.flags());
    }

    @Test
    void noRowSaysMissingWithoutAReason() {
        assertThat(ExternalDnsFlags.rows()).allSatisfy(r -> assertThat(r.meaning()).isNotBlank().doesNotContainIgnoringCase("missing"));
    }
}
