package dev.wayfinder.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftTest {

    @Test
    void whatTheWatchedCachesMissedPerKind() {
        Map<String, Map<String, String>> watched = Map.of(
                "0 Service", Map.of("a/gone", "u1@5", "a/same", "u2@6", "a/edited", "u3@7"),
                "1 Ingress", Map.of("b/gone", "u4@8"));
        Map<String, Map<String, String>> listed = Map.of(
                "0 Service", Map.of("a/same", "u2@6", "a/edited", "u3@9", "a/new", "u5@10"),
                "1 Ingress", Map.of());

        Drift drift = Drift.between(watched, listed);

        assertThat(drift).isEqualTo(new Drift(2, 1, 1));
        assertThat(drift.total()).isEqualTo(4);
        assertThat(drift).hasToString("2 deleted, 1 added, 1 changed");
        assertThat(Drift.between(watched, watched)).isEqualTo(Drift.NONE);
    }

    @Test
    void aRecreatedObjectIsAChangeNotAnAddition() {
        assertThat(Drift.between(Map.of("0 Service", Map.of("a/x", "u1@5")), Map.of("0 Service", Map.of("a/x", "u9@12"))))
                .isEqualTo(new Drift(0, 0, 1));
    }
}
