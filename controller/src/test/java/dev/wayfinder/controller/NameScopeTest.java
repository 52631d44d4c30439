package dev.wayfinder.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.model.DnsName;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The names a pass over some names takes: the seeds and everything tied to them, however far. */
class NameScopeTest {

    static Set<String> scope(Map<String, List<String>> ties, String... seeds) {
        BiConsumer<String, Set<String>> tiesOf = (name, into) -> into.addAll(ties.getOrDefault(name, List.of()));
        return NameScope.closure(Arrays.stream(seeds).map(DnsName::of).toList(), tiesOf).names().stream().map(DnsName::toString)
                .collect(Collectors.toSet());
    }

    @Test
    void tiesAreFollowedToTheEndAndBothWays() {
        Map<String, List<String>> ties = Map.of(
                "a.z", List.of("a-a.z"),
                "a-a.z", List.of("a.z", "txt-a-a.z"),
                "txt-a-a.z", List.of("a-a.z"),
                "b.z", List.of("a-b.z"));
        assertThat(scope(ties, "a.z")).containsExactlyInAnyOrder("a.z", "a-a.z", "txt-a-a.z");
        assertThat(scope(ties, "txt-a-a.z")).containsExactlyInAnyOrder("a.z", "a-a.z", "txt-a-a.z");
        assertThat(scope(ties, "a.z", "b.z")).containsExactlyInAnyOrder("a.z", "a-a.z", "txt-a-a.z", "b.z", "a-b.z");
        assertThat(scope(ties, "c.z")).containsExactly("c.z");
    }

    @Test
    void aTieThroughATextThatIsNoNameStillLeadsOn() {
        // A wildcard looked up by a replacement that makes no DNS name: no record is there, but the tie goes through it.
        String notAName = "x..z";
        Map<String, List<String>> ties = Map.of("*.z", List.of(notAName), notAName, List.of("*.z", "a-x.z"));
        assertThat(scope(ties, "*.z")).containsExactlyInAnyOrder("*.z", "a-x.z");
        assertThat(NameScope.closure(List.of(DnsName.of("*.z")), (n, into) -> { }).whole()).isFalse();
    }
}
