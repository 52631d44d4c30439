package dev.wayfinder.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.model.Changes;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.model.txt.TxtNames;
import dev.wayfinder.plan.PlanResult;
import dev.wayfinder.plan.Policy;
import dev.wayfinder.provider.DnsProvider;
import dev.wayfinder.provider.DomainFilter;
import dev.wayfinder.provider.ProviderException;
import dev.wayfinder.provider.memory.MemoryProvider;
import dev.wayfinder.registry.DeletionGuard;
import dev.wayfinder.registry.Registry;
import dev.wayfinder.registry.RegistrySettings;
import dev.wayfinder.source.api.EventSink;
import dev.wayfinder.source.api.SourceResult;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A pass that plans only what changed must decide exactly what a pass over every name decides.
 * Two controllers over two identical stores see the same sources, change by change: one plans every
 * name on every pass, the other every name once an hour and in between only what changed. After every
 * pass their plans, conflicts, stores, Events and metrics must be the same. The changes are drawn at
 * random (seeded, so a failure repeats): objects added, changed, renamed, removed, listed twice,
 * rebuilt equal, several removed at once (the deletion guard); two objects wanting one name; CNAMEs beside other types; names that are another
 * name's ExternalDNS ownership record; wildcards under {@code --txt-wildcard-replacement}; records
 * ExternalDNS left (owned by this controller through an ownership record, by another owner, by nobody);
 * writes behind both controllers' backs and the hour passing.
 */
class IncrementalPassTest {

    static final DomainFilter ZONE = DomainFilter.of("foowidgets.k8s");
    static final String ME = "wf";

    /** The narrow edge: the in-memory store, shared with ExternalDNS as etcd is (its ownership records kept beside). */
    static final class Shared implements DnsProvider {
        final MemoryProvider inner = new MemoryProvider(ZONE);

        @Override
        public String name() {
            return "shared";
        }

        @Override
        public DomainFilter domainFilter() {
            return ZONE;
        }

        @Override
        public List<Endpoint> records() {
            return inner.records();
        }

        @Override
        public void apply(Changes changes) throws ProviderException {
            inner.apply(changes);
        }

        @Override
        public Endpoint adjust(Endpoint desired) {
            Endpoint e = inner.adjust(desired);
            return e.hasTtl() ? e : e.withTtl(300);
        }

        @Override
        public boolean holdsExternalDnsRecords() {
            return true;
        }
    }

    /** A clock the test moves. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** One controller: its store, registry (a copy kept for an hour), reconciler, metrics and Events. */
    static final class World {
        final Shared provider = new Shared();
        final SimpleMeterRegistry meters = new SimpleMeterRegistry();
        final List<String> events = new ArrayList<>();
        final Reconciler reconciler;
        final Registry registry;

        World(RegistrySettings settings, ManualClock clock, Duration fullEvery, java.util.function.Supplier<SourceResult> sources) {
            registry = new Registry(provider, ME, new DeletionGuard(0.5, 3, false), Duration.ofHours(1), clock, settings);
            reconciler = new Reconciler(sources, registry, Policy.SYNC, ZONE,
                    (resource, reason, warning, message) -> events.add(resource + " " + reason + " " + message),
                    new ControllerMetrics(meters), false, p -> { }, clock, fullEvery);
        }

        /** The pass's outcome as text: its plan, or what it threw. */
        String pass() {
            try {
                PlanResult plan = reconciler.reconcile();
                return plan.changes() + " conflicts " + plan.conflicts();
            } catch (Exception e) {
                return "failed: " + e;
            }
        }

        Map<String, Double> gauges() {
            Map<String, Double> out = new TreeMap<>();
            for (Meter m : meters.getMeters()) {
                if (!m.getId().getName().contains("duration") && !m.getId().getName().contains("timestamp")) {
                    m.measure().forEach(x -> out.put(m.getId() + " " + x.getStatistic(), x.getValue()));
                }
            }
            return out;
        }
    }

    private static int totalScoped;
    private static int totalPasses;

    @org.junit.jupiter.api.AfterAll
    static void mostPassesPlannedOnlyWhatChanged() {
        assertThat(totalScoped).as("passes over what changed, of " + totalPasses).isGreaterThan(totalPasses / 2);
    }

    static Stream<Integer> seeds() {
        return IntStream.range(0, 80).boxed();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aPassOverWhatChangedDecidesWhatAPassOverEveryNameDecides(int seed) throws Exception {
        Random random = new Random(seed);
        RegistrySettings settings = random.nextBoolean() ? RegistrySettings.DEFAULTS
                : new RegistrySettings(RegistrySettings.Kind.TXT, new TxtNames("", "", "wild"), false);
        Objects objects = new Objects(random);
        ManualClock clock = new ManualClock();
        World whole = new World(settings, clock, Duration.ZERO, objects::result);
        World incremental = new World(settings, clock, Duration.ofHours(1), objects::result);
        List<Endpoint> left = Objects.leftBehind();
        whole.provider.inner.apply(new Changes(left, List.of(), List.of()));
        incremental.provider.inner.apply(new Changes(left, List.of(), List.of()));
        int scoped = 0;
        int afterSuccess = 0;
        boolean lastSucceeded = false;
        for (int step = 0; step < 30; step++) {
            String did = objects.change();
            if (random.nextInt(12) == 0) {
                Changes behind = Objects.writeBehind(random, whole.provider.records());
                did += "; behind the controllers' backs: " + behind;
                apply(whole.provider, behind);
                apply(incremental.provider, behind);
            }
            boolean hourLater = random.nextInt(15) == 0;
            if (hourLater) {
                clock.now = clock.now.plus(Duration.ofMinutes(61));
                did += "; an hour later";
            }
            String expected = whole.pass();
            String actual = incremental.pass();
            String at = "seed " + seed + ", step " + step + " (" + did + ")";
            assertThat(actual).as(at).isEqualTo(expected);
            assertThat(incremental.provider.records()).as(at).isEqualTo(whole.provider.records());
            assertThat(incremental.gauges()).as(at).isEqualTo(whole.gauges());
            assertThat(incremental.events).as(at).isEqualTo(whole.events);
            if (!incremental.reconciler.lastScope().whole()) {
                scoped++;
            }
            if (lastSucceeded && !hourLater) {
                afterSuccess++;
            }
            lastSucceeded = !actual.startsWith("failed");
        }
        // Passes planned only what changed (the others: the first, after failures, refusals by the deletion guard,
        // re-reads and the hour; a walk the deletion guard stops early has few passes after a success).
        assertThat(scoped).as("passes over what changed, seed " + seed).isGreaterThanOrEqualTo(Math.min(2, afterSuccess));
        totalScoped += scoped;
        totalPasses += 30;
    }

    private static void apply(Shared provider, Changes changes) {
        try {
            provider.inner.apply(changes);
        } catch (ProviderException e) {
            // a write behind the controllers' backs that the store refuses changes nothing, in both
        }
    }

    /** The Kubernetes objects, as the sources turn them into endpoints; an unchanged object keeps its instances. */
    static final class Objects {
        static final String[] NAMES = {"n0", "n1", "n2", "n3", "a-n3", "cname-n1", "n5", "n6", "n7", "n8", "n9", "*.w", "wild.w",
            "a-wild.w", "txt-n2", "aaaa-n0"};
        static final RecordType[] TYPES = {RecordType.A, RecordType.A, RecordType.A, RecordType.AAAA, RecordType.CNAME, RecordType.TXT};

        final Random random;
        final Map<String, List<Endpoint>> byObject = new TreeMap<>();
        // Names a source has not decided yet (a Gslb host awaiting its peers): left as published.
        final Set<DnsName> held = new TreeSet<>(Comparator.comparing(DnsName::toString));
        int next;

        Objects(Random random) {
            this.random = random;
            for (int i = 0; i < 6; i++) {
                add();
            }
        }

        SourceResult result() {
            List<Endpoint> all = new ArrayList<>();
            byObject.values().forEach(all::addAll);
            return new SourceResult(all, List.of(), held);
        }

        String change() {
            List<String> keys = new ArrayList<>(byObject.keySet());
            int op = keys.isEmpty() ? 0 : random.nextInt(9);
            String key = keys.isEmpty() ? "" : keys.get(random.nextInt(keys.size()));
            switch (op) {
                case 0 -> {
                    return "added " + add();
                }
                case 1 -> byObject.put(key, List.of(endpoint(key, byObject.get(key).get(0).name().toString(), type())));
                case 2 -> byObject.put(key, List.of(endpoint(key, name(), byObject.get(key).get(0).type())));
                case 3 -> byObject.remove(key);
                case 4 -> byObject.put(key, List.of(byObject.get(key).get(0), byObject.get(key).get(0)));
                case 5 -> byObject.put(key, byObject.get(key).stream().map(e -> e.withTargets(e.targets())).toList());
                case 6 -> {
                    // Several objects gone at once: enough deletions for the deletion guard to weigh them.
                    keys.subList(0, Math.min(keys.size(), 5)).forEach(byObject::remove);
                    for (int i = 0; i < 4; i++) {
                        add();
                    }
                }
                case 7 -> {
                    // A name held undecided, or let go: its records change nowhere but in the plan's reach.
                    DnsName name = DnsName.of(name());
                    if (held.remove(name)) {
                        return "let go of " + name;
                    }
                    held.add(name);
                    return "held " + name;
                }
                default -> {
                    return "nothing";
                }
            }
            return "op " + op + " on " + key;
        }

        private String add() {
            String key = "service/ns/o" + next++;
            byObject.put(key, List.of(endpoint(key, name(), type())));
            return key;
        }

        private String name() {
            return NAMES[random.nextInt(NAMES.length)] + ".foowidgets.k8s";
        }

        private RecordType type() {
            return TYPES[random.nextInt(TYPES.length)];
        }

        private Endpoint endpoint(String resource, String name, RecordType type) {
            int n = random.nextInt(3);
            String target = switch (type) {
                case AAAA -> "2001:db8::" + (n + 1);
                case CNAME -> "target" + n + ".example.com";
                case TXT -> "text " + n;
                default -> "10.0.0." + (n + 1);
            };
            return new Endpoint(DnsName.of(name), type, List.of(target), random.nextBoolean() ? 0 : 60, "", Metadata.owned("", resource));
        }

        static Endpoint stored(String owner, String name, RecordType type, String target) {
            return new Endpoint(DnsName.of(name + ".foowidgets.k8s"), type, List.of(target), 300, "", Metadata.owned(owner, ""));
        }

        static String heritage(String owner, String resource) {
            return "\"heritage=external-dns,external-dns/owner=" + owner + ",external-dns/resource=" + resource + "\"";
        }

        /** What ExternalDNS and people left in the store before the controllers came. */
        static List<Endpoint> leftBehind() {
            return List.of(
                    stored("", "n5", RecordType.A, "10.9.0.5"), stored("", "a-n5", RecordType.TXT, heritage(ME, "service/ns/o1")),
                    stored("", "n6", RecordType.A, "10.9.0.6"), stored("", "a-n6", RecordType.TXT, heritage("other", "service/x/y")),
                    stored("", "n7", RecordType.A, "10.9.0.7"), stored("", "n7", RecordType.TXT, heritage(ME, "service/ns/o2")),
                    stored("other", "n8", RecordType.A, "10.9.0.8"), stored("", "n9", RecordType.A, "10.9.0.9"),
                    stored("", "wild.w", RecordType.A, "10.9.0.10"), stored("", "a-wild.w", RecordType.TXT, heritage(ME, "service/ns/o3")));
        }

        /** A write by someone else: a foreign record, or one of the stored records removed. */
        static Changes writeBehind(Random random, List<Endpoint> stored) {
            if (random.nextBoolean() || stored.isEmpty()) {
                String name = NAMES[random.nextInt(NAMES.length)].replace("*", "x");
                return Changes.create(stored(random.nextBoolean() ? "other" : "", name, RecordType.A, "10.8.0." + random.nextInt(9)));
            }
            return Changes.delete(stored.get(random.nextInt(stored.size())));
        }
    }
}
