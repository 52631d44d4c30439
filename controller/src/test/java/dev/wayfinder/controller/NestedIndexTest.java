package dev.wayfinder.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.source.api.Subtrees;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The index kept from change to change answers what {@link Subtrees#of} answers for the whole list, list after list. */
class NestedIndexTest {

    static final String[] NAMES = {"www", "a.www", "b.a.www", "app", "v2.app", "x", "y.x.z", "z", "w.z", "www.app"};
    static final String[] RESOURCES = {"", "service/ns/a", "ingress/ns/b", "gslb/ns/c", "service/ns/d"};

    static Stream<Integer> seeds() {
        return IntStream.range(0, 60).boxed();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void keptFromChangeToChangeItAnswersWhatTheWholeListAnswers(int seed) {
        Random random = new Random(seed);
        NestedIndex index = new NestedIndex();
        List<Endpoint> list = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            list.add(endpoint(random));
        }
        int nonEmpty = 0;
        for (int step = 0; step < 60; step++) {
            String did = change(random, list);
            List<Subtrees.Nested> expected = Subtrees.of(NestedNames.published(list));
            assertThat(index.update(List.copyOf(list))).as("seed %d step %d: %s", seed, step, did).isEqualTo(expected);
            nonEmpty += expected.isEmpty() ? 0 : 1;
        }
        assertThat(nonEmpty).as("lists with nested names, seed " + seed).isPositive();
    }

    /** One change to the list; unchanged endpoints keep their instances, as the sources keep them. */
    private static String change(Random random, List<Endpoint> list) {
        int op = list.isEmpty() ? 0 : random.nextInt(6);
        int at = list.isEmpty() ? 0 : random.nextInt(list.size());
        switch (op) {
            case 0 -> list.add(random.nextInt(list.size() + 1), endpoint(random));
            case 1 -> list.set(at, endpoint(random));
            case 2 -> list.remove(at);
            case 3 -> list.add(at, list.get(at));
            case 4 -> Collections.shuffle(list.subList(at, Math.min(list.size(), at + 3)), random);
            default -> {
                return "nothing";
            }
        }
        return "op " + op + " at " + at;
    }

    private static Endpoint endpoint(Random random) {
        String name = NAMES[random.nextInt(NAMES.length)] + ".foowidgets.k8s";
        String group = random.nextInt(3) == 0 ? name : "";
        return new Endpoint(DnsName.of(name), RecordType.A, List.of("10.0.0." + (1 + random.nextInt(9))), 60, "",
                Metadata.owned("", RESOURCES[random.nextInt(RESOURCES.length)]).withGroup(group));
    }
}
