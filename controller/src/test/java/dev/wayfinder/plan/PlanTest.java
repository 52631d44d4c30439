package dev.wayfinder.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.model.Changes;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.model.Update;
import dev.wayfinder.provider.DomainFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlanTest {

    static final String ME = "wf";
    static final DomainFilter ZONE = DomainFilter.of("foowidgets.k8s");

    static Endpoint want(String name, RecordType type, String resource, String... targets) {
        return new Endpoint(DnsName.of(name), type, List.of(targets), 300, "", Metadata.owned("", resource));
    }

    static Endpoint have(String owner, String name, RecordType type, String resource, String... targets) {
        return new Endpoint(DnsName.of(name), type, List.of(targets), 300, "", Metadata.owned(owner, resource));
    }

    static Endpoint mine(Endpoint desired) {
        return desired.withMetadata(desired.metadata().withOwner(ME));
    }

    static List<CurrentRecord> cur(Endpoint... es) {
        return Stream.of(es).map(CurrentRecord::of).toList();
    }

    static final Endpoint NGINX = want("nginx.foowidgets.k8s", RecordType.A, "service/default/nginx", "172.18.200.101");
    static final Endpoint NGINX_MINE = mine(NGINX);

    static Stream<Arguments> table() {
        Endpoint moved = want("nginx.foowidgets.k8s", RecordType.A, "service/default/nginx", "172.18.200.102");
        Endpoint foreign = have("other", "nginx.foowidgets.k8s", RecordType.A, "service/x/y", "10.0.0.1");
        Endpoint manual = have("", "nginx.foowidgets.k8s", RecordType.A, "", "10.0.0.9");
        Endpoint manualTxt = have("", "nginx.foowidgets.k8s", RecordType.TXT, "", "hello");
        Endpoint outside = want("nginx.example.org", RecordType.A, "service/default/nginx", "1.2.3.4");
        Endpoint outsideMine = have(ME, "old.example.org", RecordType.A, "service/default/old", "1.2.3.4");
        Endpoint cname = want("nginx.foowidgets.k8s", RecordType.CNAME, "ingress/default/web", "lb.example.net");
        return Stream.of(
                Arguments.of("nothing published: create", List.of(), List.of(NGINX), Policy.SYNC,
                        Changes.create(NGINX_MINE), 0),
                Arguments.of("already published: nothing", cur(NGINX_MINE), List.of(NGINX), Policy.SYNC, Changes.NONE, 0),
                Arguments.of("target moved: update", cur(NGINX_MINE), List.of(moved), Policy.SYNC,
                        Changes.update(new Update(NGINX_MINE, mine(moved))), 0),
                Arguments.of("ttl changed: update", cur(NGINX_MINE), List.of(NGINX.withTtl(60)), Policy.SYNC,
                        Changes.update(new Update(NGINX_MINE, mine(NGINX.withTtl(60)))), 0),
                Arguments.of("object gone: delete", cur(NGINX_MINE), List.of(), Policy.SYNC, Changes.delete(NGINX_MINE), 0),
                Arguments.of("upsert-only keeps", cur(NGINX_MINE), List.of(), Policy.UPSERT_ONLY, Changes.NONE, 0),
                Arguments.of("create-only does not update", cur(NGINX_MINE), List.of(moved), Policy.CREATE_ONLY, Changes.NONE, 0),
                Arguments.of("create-only creates", List.of(), List.of(NGINX), Policy.CREATE_ONLY, Changes.create(NGINX_MINE), 0),
                Arguments.of("foreign owner holds the key: conflict, untouched", cur(foreign), List.of(NGINX), Policy.SYNC,
                        Changes.NONE, 1),
                Arguments.of("hand-written record holds the key: untouched", cur(manual), List.of(), Policy.SYNC, Changes.NONE, 0),
                Arguments.of("hand-written TXT beside: A still created", cur(manualTxt), List.of(NGINX), Policy.SYNC,
                        Changes.create(NGINX_MINE), 0),
                Arguments.of("CNAME next to a foreign TXT: conflict", cur(manualTxt), List.of(cname), Policy.SYNC, Changes.NONE, 1),
                Arguments.of("outside the domain filter: ignored both ways", cur(outsideMine), List.of(outside), Policy.SYNC,
                        Changes.NONE, 0),
                Arguments.of("CNAME and A for one name: A wins", List.of(), List.of(NGINX, cname), Policy.SYNC,
                        Changes.create(NGINX_MINE), 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void plans(String why, List<CurrentRecord> current, List<Endpoint> desired, Policy policy, Changes expected, int conflicts) {
        PlanResult result = Plan.compute(current, desired, ME, policy, ZONE);
        assertThat(result.changes()).isEqualTo(expected);
        assertThat(result.conflicts()).hasSize(conflicts);
    }

    static Stream<Arguments> held() {
        Endpoint moved = want("nginx.foowidgets.k8s", RecordType.A, "service/default/nginx", "172.18.200.102");
        Endpoint other = want("www.foowidgets.k8s", RecordType.A, "service/default/www", "10.0.0.7");
        return Stream.of(
                Arguments.of("held and published: kept although not desired", cur(NGINX_MINE), List.of(), Changes.NONE),
                Arguments.of("held and published: kept although desired otherwise", cur(NGINX_MINE), List.of(moved), Changes.NONE),
                Arguments.of("held and not published: nothing created", List.of(), List.of(NGINX), Changes.NONE),
                Arguments.of("other names still planned", cur(NGINX_MINE), List.of(other), Changes.create(mine(other))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("held")
    void aHeldNameIsLeftAsItIsPublished(String why, List<CurrentRecord> current, List<Endpoint> desired, Changes expected) {
        PlanResult result = Plan.compute(current, desired, ME, Policy.SYNC, ZONE, java.util.Set.of(NGINX.name()));
        assertThat(result.changes()).isEqualTo(expected);
    }

    @Test
    void twoObjectsOneName_smallestWinsAndTheLoserIsNamed() {
        Endpoint a = want("web.foowidgets.k8s", RecordType.A, "service/b/web", "10.0.0.2");
        Endpoint b = want("web.foowidgets.k8s", RecordType.A, "service/a/web", "10.0.0.2", "10.0.0.3");
        for (List<Endpoint> order : List.of(List.of(a, b), List.of(b, a))) {
            PlanResult r = Plan.compute(List.of(), order, ME, Policy.SYNC, ZONE);
            assertThat(r.changes()).isEqualTo(Changes.create(mine(a)));
            assertThat(r.conflicts()).singleElement().satisfies(c -> {
                assertThat(c.loser()).isEqualTo("service/a/web");
                assertThat(c.holder()).isEqualTo("service/b/web");
            });
        }
    }

    @Test
    void theIncumbentKeepsItsName() {
        Endpoint held = mine(want("web.foowidgets.k8s", RecordType.A, "service/z/web", "10.0.0.9", "10.0.0.8"));
        Endpoint newcomer = want("web.foowidgets.k8s", RecordType.A, "service/a/web", "10.0.0.1");
        Endpoint incumbent = want("web.foowidgets.k8s", RecordType.A, "service/z/web", "10.0.0.9", "10.0.0.8");
        PlanResult r = Plan.compute(cur(held), List.of(newcomer, incumbent), ME, Policy.SYNC, ZONE);
        assertThat(r.changes().isEmpty()).isTrue();
        assertThat(r.conflicts()).singleElement().extracting(Conflict::loser).isEqualTo("service/a/web");
    }

    @Test
    void oneObjectsRecordSetsForOneKeyAreUnioned() {
        Endpoint rule = want("web.foowidgets.k8s", RecordType.A, "ingress/d/web", "10.0.0.1");
        Endpoint tls = want("web.foowidgets.k8s", RecordType.A, "ingress/d/web", "10.0.0.2");
        PlanResult r = Plan.compute(List.of(), List.of(rule, tls), ME, Policy.SYNC, ZONE);
        assertThat(r.changes().create()).singleElement().extracting(Endpoint::targets).isEqualTo(List.of("10.0.0.1", "10.0.0.2"));
        assertThat(r.conflicts()).isEmpty();
    }

    @Test
    void idempotent_applyingThePlanThenPlanningAgainYieldsNothing() {
        List<Endpoint> desired = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            desired.add(want("svc" + i + ".foowidgets.k8s", RecordType.A, "service/ns/svc" + i, "10.1.0." + i));
            desired.add(want("svc" + i + ".foowidgets.k8s", RecordType.AAAA, "service/ns/svc" + i, "fd00::" + Integer.toHexString(i + 1)));
        }
        desired.add(want("svc0.foowidgets.k8s", RecordType.A, "service/other/svc0", "10.9.9.9"));
        List<Endpoint> published = new ArrayList<>(List.of(have(ME, "stale.foowidgets.k8s", RecordType.A, "service/ns/stale", "10.2.0.1"),
                have("someone-else", "theirs.foowidgets.k8s", RecordType.A, "x", "10.3.0.1")));
        PlanResult first = Plan.compute(cur(published.toArray(Endpoint[]::new)), desired, ME, Policy.SYNC, ZONE);
        assertThat(first.changes().create()).hasSize(100);
        assertThat(first.changes().delete()).hasSize(1);
        // Apply the changes the way a provider would.
        published.removeAll(first.changes().delete());
        first.changes().update().forEach(u -> published.set(published.indexOf(u.before()), u.after()));
        published.addAll(first.changes().create());

        PlanResult second = Plan.compute(cur(published.toArray(Endpoint[]::new)), desired, ME, Policy.SYNC, ZONE);
        assertThat(second.changes().isEmpty()).isTrue();
        assertThat(second.conflicts()).isEqualTo(first.conflicts());
    }
}
