package dev.wayfinder.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The desired endpoints kept between passes, against what a pass computes from scratch: after any
 * sequence of lists (objects changed in place, added, removed, an instance listed twice or moved),
 * the provider forms are those of the list, every name whose endpoints differ is reported changed,
 * and the endpoints at a set of names and the counts by type are those of the list.
 */
class DesiredIndexTest {

    /** The provider form: a default TTL, as etcd's reads back. */
    static final UnaryOperator<Endpoint> ADJUST = e -> e.hasTtl() ? e : e.withTtl(300);

    static Endpoint endpoint(String name, RecordType type, String target) {
        return new Endpoint(DnsName.of(name + ".foowidgets.k8s"), type, List.of(target), 0, "", Metadata.owned("", "service/ns/" + name));
    }

    @Test
    void anObjectChangedInPlaceChangesItsNameOnly() {
        DesiredIndex index = new DesiredIndex(e -> Set.of());
        Endpoint a = endpoint("a", RecordType.A, "10.0.0.1");
        Endpoint b = endpoint("b", RecordType.A, "10.0.0.2");
        assertThat(index.update(List.of(a, b), ADJUST).changed()).extracting(DnsName::toString)
                .containsExactlyInAnyOrder("a.foowidgets.k8s", "b.foowidgets.k8s");

        assertThat(index.update(List.of(a, b), ADJUST).changed()).isEmpty();
        Endpoint b2 = endpoint("b", RecordType.A, "10.0.0.3");
        DesiredIndex.Update u = index.update(List.of(a, b2), ADJUST);
        assertThat(u.changed()).extracting(DnsName::toString).containsExactly("b.foowidgets.k8s");
        assertThat(u.adjusted()).containsExactly(ADJUST.apply(a), ADJUST.apply(b2));
        assertThat(index.at(Set.of(DnsName.of("b.foowidgets.k8s")))).containsExactly(ADJUST.apply(b2));
    }

    static Stream<Integer> seeds() {
        return IntStream.range(0, 60).boxed();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void whatItKeepsIsWhatTheListSays(int seed) {
        Random random = new Random(seed);
        DesiredIndex index = new DesiredIndex(e -> Set.of());
        List<Endpoint> list = new ArrayList<>();
        List<Endpoint> before = List.of();
        for (int step = 0; step < 40; step++) {
            list = change(random, list);
            DesiredIndex.Update u = index.update(List.copyOf(list), ADJUST);
            String at = "seed " + seed + ", step " + step;
            assertThat(u.adjusted()).as(at).isEqualTo(list.stream().map(ADJUST).toList());
            assertThat(u.changed()).as(at).containsAll(differing(before, list));
            Set<DnsName> some = new HashSet<>();
            list.stream().filter(e -> random.nextBoolean()).forEach(e -> some.add(e.name()));
            assertThat(index.at(some)).as(at).containsExactlyInAnyOrderElementsOf(
                    list.stream().filter(e -> some.contains(e.name())).map(ADJUST).toList());
            long[] byType = new long[RecordType.values().length];
            list.forEach(e -> byType[e.type().ordinal()]++);
            assertThat(index.byType()).as(at).containsExactly(byType);
            before = List.copyOf(list);
        }
    }

    /** The names whose endpoints, counted with repeats, differ between two lists. */
    private static Set<DnsName> differing(List<Endpoint> a, List<Endpoint> b) {
        Map<DnsName, List<Endpoint>> x = new HashMap<>();
        Map<DnsName, List<Endpoint>> y = new HashMap<>();
        a.forEach(e -> x.computeIfAbsent(e.name(), n -> new ArrayList<>()).add(e));
        b.forEach(e -> y.computeIfAbsent(e.name(), n -> new ArrayList<>()).add(e));
        Set<DnsName> names = new HashSet<>(x.keySet());
        names.addAll(y.keySet());
        names.removeIf(n -> {
            List<Endpoint> p = new ArrayList<>(x.getOrDefault(n, List.of()));
            List<Endpoint> q = new ArrayList<>(y.getOrDefault(n, List.of()));
            p.sort(java.util.Comparator.comparing(Endpoint::toString));
            q.sort(java.util.Comparator.comparing(Endpoint::toString));
            return p.equals(q);
        });
        return names;
    }

    /** One change as the sources make them: mostly an object changed in place, sometimes more. */
    private static List<Endpoint> change(Random random, List<Endpoint> list) {
        List<Endpoint> next = new ArrayList<>(list);
        int op = next.isEmpty() ? 0 : random.nextInt(10);
        int i = next.isEmpty() ? 0 : random.nextInt(next.size());
        String name = "n" + random.nextInt(8);
        RecordType type = random.nextInt(4) == 0 ? RecordType.AAAA : RecordType.A;
        String target = type == RecordType.AAAA ? "2001:db8::" + (random.nextInt(3) + 1) : "10.0.0." + (random.nextInt(3) + 1);
        switch (op) {
            case 0, 1 -> next.add(random.nextInt(next.size() + 1), endpoint(name, type, target));
            case 2 -> next.remove(i);
            case 3 -> next.add(random.nextInt(next.size() + 1), next.get(i)); // the same instance twice
            case 4 -> {
                Endpoint moved = next.remove(i);
                next.add(random.nextInt(next.size() + 1), moved);
            }
            case 5 -> next.set(i, next.get(i).withTargets(next.get(i).targets())); // equal, built afresh
            case 6 -> next.set(i, next.get(random.nextInt(next.size()))); // replaced by another listed instance
            default -> next.set(i, endpoint(name, type, target)); // changed in place
        }
        return next;
    }
}
