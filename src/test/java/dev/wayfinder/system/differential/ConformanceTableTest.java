package dev.wayfinder.system.differential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.system.support.Repository;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The differential test tolerates nothing that the table of intended differences does not list. */
class ConformanceTableTest {

    @Test
    void everyToleranceIsARowOfTheTable() throws Exception {
        List<String> rows = Files.readAllLines(Repository.resolve("dns-server", "CONFORMANCE.md")).stream()
                .filter(l -> l.startsWith("| ")).map(l -> l.substring(2, l.indexOf(' ', 2))).toList();

        assertThat(rows).containsAll(KnownDifferences.ROWS.stream().map(KnownDifferences.Row::id).toList());
        assertThat(KnownDifferences.RULES).extracting(KnownDifferences.Rule::row).isSubsetOf(KnownDifferences.ROWS);
    }

    @Test
    void theReadmeLinksTheTable() throws Exception {
        assertThat(Files.readString(Repository.resolve("README.md"))).contains("dns-server/CONFORMANCE.md");
    }
}
