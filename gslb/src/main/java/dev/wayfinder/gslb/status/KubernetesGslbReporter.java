package dev.wayfinder.gslb.status;

import dev.wayfinder.gslb.api.GslbSpec;
import dev.wayfinder.gslb.strategy.GslbDecision;
import dev.wayfinder.gslb.strategy.GslbDecision.Code;
import dev.wayfinder.gslb.strategy.HostOutcome;
import dev.wayfinder.source.api.EventSink;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each Gslb's status subresource, posts an Event whenever a host's answer or its reason changes, and keeps
 * {@link GslbMetrics}. {@link #report} is called after every computation from any thread: it compares with what
 * it last saw under a short lock, updates metrics in memory, and hands API work to one writer thread that does it
 * in order, so a reconcile never waits on the API server.
 * <p>
 * The status is written when its content (or the Gslb's spec) changed; peers' contact times alone refresh it at
 * most once a {@link #REFRESH}, else every peer poll would be a write. After a restart, the first answer of a
 * host is compared with the status already stored, so a restart does not flood the Gslb with Events. A condition
 * that changes is an Event too ({@code StrategyNotHonoured}, {@code NamesBeneath}…), and keeps the
 * {@code lastTransitionTime} stored with it while its status stays.
 */
public final class KubernetesGslbReporter implements GslbReporter, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesGslbReporter.class);
    static final String KIND = "Gslb";
    static final Duration REFRESH = Duration.ofMinutes(1);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(2);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    private final KubernetesClient client;
    private final EventSink events;
    private final GslbMetrics metrics;
    private final K8gbMetrics k8gb;
    private final String clusterGeoTag;
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "gslb-status");
        t.setDaemon(true);
        return t;
    });
    private final Map<Key, Known> known = new HashMap<>(); // guarded by this

    public KubernetesGslbReporter(KubernetesClient client, EventSink events, MeterRegistry meters, String clusterGeoTag) {
        this.client = Objects.requireNonNull(client, "client");
        this.events = Objects.requireNonNull(events, "events");
        this.metrics = new GslbMetrics(meters);
        this.k8gb = new K8gbMetrics(meters, clusterGeoTag);
        this.clusterGeoTag = Objects.requireNonNull(clusterGeoTag, "clusterGeoTag");
    }

    private record Key(String apiVersion, String namespace, String name) {
        static Key of(GslbSpec g) {
            return new Key(g.apiVersion(), g.namespace(), g.name());
        }

        @Override
        public String toString() {
            return "Gslb " + namespace + "/" + name;
        }
    }

    /** The part of a host's answer whose change is news. */
    private record Answer(List<String> targets, Code code, Optional<String> active) {
        static Answer of(GslbDecision d) {
            return new Answer(d.allTargets(), d.reason().code(), d.active());
        }
    }

    /** What was last reported and written for one Gslb. */
    private static final class Known {
        Map<String, Answer> answers = Map.of();
        Map<String, GslbStatus.Condition> conditions = Map.of();
        GslbSpec spec;
        GslbStatus content;
        long writtenAt;
        int failures;
        ScheduledFuture<?> retry;
    }

    /** One Event to post once the Gslb's uid is known; {@code firstSight} ones are checked against the stored status first. */
    private record News(HostOutcome outcome, boolean firstSight) {
    }

    /** A condition's change, to post as an Event; {@code before} is null at first sight (then checked against the stored one). */
    private record ConditionNews(GslbStatus.Condition now, GslbStatus.Condition before) {
    }

    @Override
    public synchronized void report(GslbSpec gslb, List<HostOutcome> outcomes, GslbStatus.Served served,
                                    List<GslbStatus.Condition> conditions) {
        Key key = Key.of(gslb);
        Known k = known.computeIfAbsent(key, x -> new Known());
        List<News> news = new ArrayList<>();
        Map<String, Answer> answers = new LinkedHashMap<>();
        for (HostOutcome o : outcomes) {
            String host = o.host().toString();
            Answer now = Answer.of(o.decision());
            Answer before = k.answers.get(host);
            answers.put(host, now);
            metrics.observe(gslb, o);
            if (before == null) {
                news.add(new News(o, true));
                continue;
            }
            if (!before.targets().equals(now.targets())) {
                metrics.answerChanged(gslb, host);
            }
            if (before.active().isPresent() && now.active().isPresent() && !before.active().equals(now.active())) {
                metrics.failedOver(gslb, host, before.active().get(), now.active().get());
            }
            if (!before.targets().equals(now.targets()) || before.code() != now.code()) {
                news.add(new News(o, false));
            }
        }
        k.answers = answers;
        metrics.retain(key.namespace(), key.name(), answers.keySet());
        k8gb.observe(gslb, outcomes, served);
        List<ConditionNews> conditionNews = conditionNews(k, conditions);
        conditions.stream().filter(c -> c.type().equals(GslbConditions.STRATEGY_HONOURED))
                .forEach(c -> metrics.strategyHonoured(gslb, c.status()));

        GslbStatus status = GslbStatus.of(clusterGeoTag, outcomes, served, conditions);
        GslbStatus content = status.withoutContactTimes();
        long now = System.nanoTime();
        boolean refresh = !status.peers().isEmpty() && now - k.writtenAt > REFRESH.toNanos();
        boolean write = !content.equals(k.content) || !gslb.equals(k.spec) || refresh;
        if (!write && news.isEmpty() && conditionNews.isEmpty()) {
            return;
        }
        if (write) {
            k.spec = gslb;
            k.content = content;
            k.writtenAt = now;
            cancelRetry(k);
        }
        submit(() -> apply(key, write ? status : null, content, news, conditionNews), 0);
    }

    /** The conditions that changed since the last report (all of them at first sight); remembers the new ones. */
    private static List<ConditionNews> conditionNews(Known k, List<GslbStatus.Condition> conditions) {
        List<ConditionNews> out = new ArrayList<>();
        Map<String, GslbStatus.Condition> now = new LinkedHashMap<>();
        for (GslbStatus.Condition c : conditions) {
            now.put(c.type(), c);
            GslbStatus.Condition before = k.conditions.get(c.type());
            if (!c.equals(before)) {
                out.add(new ConditionNews(c, before));
            }
        }
        k.conditions = now;
        return out;
    }

    @Override
    public synchronized void forget(GslbSpec gslb) {
        Known k = known.remove(Key.of(gslb));
        if (k != null) {
            cancelRetry(k);
        }
        metrics.retain(gslb.namespace(), gslb.name(), Set.of());
        metrics.forgetGslb(gslb);
        k8gb.forget(gslb.namespace(), gslb.name());
    }

    @Override
    public synchronized void passed(String namespace, String name, boolean ok) {
        k8gb.passed(namespace, name, ok);
    }

    /** On the writer thread: Events first, then the status. {@code status} is null when only Events are due. */
    private void apply(Key key, GslbStatus status, GslbStatus content, List<News> news, List<ConditionNews> conditionNews) {
        GenericKubernetesResource stored;
        try {
            stored = gslbs(key).withName(key.name()).get();
        } catch (KubernetesClientException e) {
            LOG.warn("Could not read {} to report on it: {}", key, e.getMessage());
            news.forEach(n -> post(key, "", n));
            conditionNews.forEach(n -> post(key, "", n));
            failed(key, status, content);
            return;
        }
        if (stored == null) {
            LOG.debug("{} is gone; nothing to report", key);
            return;
        }
        Map<String, Object> storedStatus = storedStatus(stored);
        String uid = stored.getMetadata().getUid() == null ? "" : stored.getMetadata().getUid();
        news.stream().filter(n -> !n.firstSight() || !alreadyStored(storedStatus, n.outcome())).forEach(n -> post(key, uid, n));
        Map<String, Map<String, Object>> storedConditions = storedConditions(storedStatus);
        conditionNews.stream().filter(n -> n.before() != null || !n.now().toMap().equals(withoutTime(storedConditions.get(n.now().type()))))
                .forEach(n -> post(key, uid, n));
        if (status == null) {
            return;
        }
        Long generation = stored.getMetadata().getGeneration();
        Map<String, Object> desired = (generation == null ? status : status.withObservedGeneration(generation)).toMap();
        withTransitionTimes(desired, storedConditions);
        if (normalised(desired).equals(storedStatus)) {
            succeeded(key);
            return;
        }
        LOG.debug("Status of {} differs: stored {}, desired {}", key, storedStatus, desired);
        try {
            stored.setAdditionalProperty("status", desired);
            gslbs(key).resource(stored).updateStatus();
            LOG.info("Updated the status of {}: {}", key, summary(status));
            succeeded(key);
        } catch (KubernetesClientException e) {
            LOG.warn("Could not update the status of {} (HTTP {}): {}", key, e.getCode(), e.getMessage());
            failed(key, status, content);
        }
    }

    /** Named outright rather than through API discovery: one request fewer, and no dependence on discovery being allowed. */
    private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> gslbs(Key key) {
        int slash = key.apiVersion().indexOf('/');
        ResourceDefinitionContext context = new ResourceDefinitionContext.Builder()
                .withGroup(key.apiVersion().substring(0, slash)).withVersion(key.apiVersion().substring(slash + 1))
                .withKind(KIND).withPlural("gslbs").withNamespaced(true).build();
        return client.genericKubernetesResources(context).inNamespace(key.namespace());
    }

    private void post(Key key, String uid, News n) {
        GslbDecision d = n.outcome().decision();
        boolean warning = switch (d.reason().code()) {
            case UNION, PRIMARY_HEALTHY, FAILBACK -> false;
            case FAILOVER, FAILBACK_HELD, NO_HEALTHY_TARGETS, KEPT_LAST_KNOWN -> true;
        };
        String reason = eventReason(d.reason().code());
        String message = n.outcome().host() + " → " + (d.isEmpty() ? "NXDOMAIN" : String.join(", ", d.allTargets())) + ": "
                + d.reason().message();
        events.emit(new EventSink.Target(key.apiVersion(), KIND, key.namespace(), key.name(), uid), reason, warning, message);
    }

    /**
     * A condition's Event. StrategyHonoured: a Warning {@code StrategyNotHonoured} while False, a Normal
     * {@code StrategyHonoured} when it turns True again. NamesBeneath: while True, a Warning when names are answered
     * together, else Normal; a Normal one when it turns False again. A condition that is fine from the start is no news.
     */
    private void post(Key key, String uid, ConditionNews n) {
        GslbStatus.Condition c = n.now();
        boolean strategy = c.type().equals(GslbConditions.STRATEGY_HONOURED);
        boolean fine = strategy ? c.status() : !c.status();
        boolean wasFine = n.before() == null || (strategy ? n.before().status() : !n.before().status());
        if (fine && wasFine) {
            return;
        }
        String reason = strategy ? (c.status() ? "StrategyHonoured" : "StrategyNotHonoured") : GslbConditions.NAMES_BENEATH;
        boolean warning = strategy ? !c.status() : c.reason().equals(GslbConditions.ANSWERED_TOGETHER);
        events.emit(new EventSink.Target(key.apiVersion(), KIND, key.namespace(), key.name(), uid), reason, warning, c.message());
    }

    /** The stored conditions by type. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> storedConditions(Map<String, Object> storedStatus) {
        Map<String, Map<String, Object>> out = new HashMap<>();
        if (storedStatus.get("conditions") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m && m.get("type") instanceof String type) {
                    out.put(type, (Map<String, Object>) m);
                }
            }
        }
        return out;
    }

    private static Map<String, Object> withoutTime(Map<String, Object> condition) {
        if (condition == null) {
            return Map.of();
        }
        Map<String, Object> m = new LinkedHashMap<>(condition);
        m.remove("lastTransitionTime");
        return m;
    }

    /** Each condition keeps the stored {@code lastTransitionTime} while its status stays; a new status is dated now. */
    @SuppressWarnings("unchecked")
    private static void withTransitionTimes(Map<String, Object> desired, Map<String, Map<String, Object>> stored) {
        if (!(desired.get("conditions") instanceof List<?> list)) {
            return;
        }
        String now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        for (Object o : list) {
            Map<String, Object> c = (Map<String, Object>) o;
            Map<String, Object> before = stored.get((String) c.get("type"));
            Object time = before != null && c.get("status").equals(before.get("status")) ? before.get("lastTransitionTime") : null;
            c.put("lastTransitionTime", time instanceof String t ? t : now);
        }
    }

    /** The Event reason for an answer decided for {@code code}. */
    static String eventReason(Code code) {
        return switch (code) {
            case UNION, PRIMARY_HEALTHY -> "AnswerChanged";
            default -> GslbStatus.codeName(code);
        };
    }

    private static boolean alreadyStored(Map<String, Object> storedStatus, HostOutcome o) {
        String host = o.host().toString();
        Object records = ((Map<?, ?>) storedStatus.getOrDefault("healthyRecords", Map.of())).get(host);
        Object code = ((Map<?, ?>) storedStatus.getOrDefault("reasonCodes", Map.of())).get(host);
        return o.decision().allTargets().equals(records) && GslbStatus.codeName(o.decision().reason().code()).equals(code);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> storedStatus(GenericKubernetesResource stored) {
        Object s = stored.getAdditionalProperties().get("status");
        return s instanceof Map<?, ?> m ? normalised((Map<String, Object>) m) : Map.of();
    }

    /** Through JSON and back, so numbers and collections compare equal to what the API server returns. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> normalised(Map<String, Object> m) {
        // convertValue would hand a Map back as it is, Longs and all; a round trip through text normalises.
        return Serialization.unmarshal(Serialization.asJson(m), Map.class);
    }

    private static String summary(GslbStatus s) {
        return s.hosts().stream().map(h -> h + "=" + s.serviceHealth().get(h) + " " + s.healthyRecords().get(h))
                .collect(Collectors.joining(", "));
    }

    private synchronized void succeeded(Key key) {
        Known k = known.get(key);
        if (k != null) {
            k.failures = 0;
        }
    }

    /** Retries the same status after a backoff, unless a newer one has been submitted meanwhile. */
    private synchronized void failed(Key key, GslbStatus status, GslbStatus content) {
        Known k = known.get(key);
        if (status == null || k == null || k.content != content) {
            return;
        }
        long backoff = Math.min(FIRST_BACKOFF.toMillis() << Math.min(k.failures, 10), MAX_BACKOFF.toMillis());
        k.failures++;
        cancelRetry(k);
        k.retry = submit(() -> {
            synchronized (this) {
                if (known.get(key) != k || k.content != content) {
                    return;
                }
            }
            apply(key, status, content, List.of(), List.of());
        }, backoff);
    }

    private static void cancelRetry(Known k) {
        if (k.retry != null) {
            k.retry.cancel(false);
            k.retry = null;
        }
    }

    private ScheduledFuture<?> submit(Runnable task, long delayMillis) {
        try {
            return writer.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("Reporter closed; dropping a report");
            return null;
        }
    }

    @Override
    public void close() {
        writer.shutdownNow();
    }
}
