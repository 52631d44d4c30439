package dev.wayfinder.source;

import dev.wayfinder.model.Endpoint;
import dev.wayfinder.source.api.SourceResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One informer's objects as a pass sees them: each object's endpoints, kept between passes
 * ({@link SourceParts}), and which objects the informer changed since the last pass. A pass after one
 * change then reads one object, not every object of the cache (at 100,000 Services, reading them
 * all is most of a pass). Its events say "something changed" as {@link dev.wayfinder.source.api.ChangeHandler}'s
 * do (a resync delivering the same version again says nothing), after noting which object.
 *
 * <p>The events are noted on the informer's thread; the passes run on another, one at a time.
 */
final class TrackedObjects<T extends HasMetadata> implements ResourceEventHandler<T> {

    private final Runnable onChange;
    private final Set<String> changed = ConcurrentHashMap.newKeySet();
    // Objects whose endpoints read other objects too (a headless Service's EndpointSlices): read on every pass.
    private final Set<String> always = new HashSet<>();
    private final SourceParts parts = new SourceParts();

    TrackedObjects(Runnable onChange) {
        this.onChange = onChange;
    }

    /** Registers this handler with {@code informer} (a re-list's new informer too: the changes noted stay). */
    SharedIndexInformer<T> track(SharedIndexInformer<T> informer) {
        informer.addEventHandler(this);
        return informer;
    }

    @Override
    public void onAdd(T obj) {
        changed(obj);
    }

    @Override
    public void onUpdate(T oldObj, T newObj) {
        if (!Objects.equals(oldObj.getMetadata().getResourceVersion(), newObj.getMetadata().getResourceVersion())) {
            changed(newObj);
        }
    }

    @Override
    public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        changed(obj);
    }

    private void changed(T obj) {
        changed.add(Cache.metaNamespaceKeyFunc(obj));
        onChange.run();
    }

    /**
     * Every object afresh: {@code selected} lists those that count (in the cache's order), {@code results} gives
     * their endpoints; {@code kept} says whose endpoints may be kept until the object changes, {@code types}
     * which endpoints count. What changes while the cache is read is read again next pass.
     */
    SourceParts rebuild(java.util.function.Supplier<List<T>> selected, Function<List<T>, List<SourceResult>> results,
                        Predicate<T> kept, Predicate<Endpoint> types) {
        changed.clear();
        List<T> objects = selected.get();
        List<SourceResult> computed = results.apply(objects);
        parts.clear();
        always.clear();
        for (int i = 0; i < objects.size(); i++) {
            put(Cache.metaNamespaceKeyFunc(objects.get(i)), objects.get(i), computed.get(i), kept, types);
        }
        return parts;
    }

    /**
     * The objects changed since the last pass, and those never kept, read again from {@code informer}'s cache:
     * {@code selected} says whether one still counts, {@code compute} gives its endpoints.
     */
    SourceParts update(SharedIndexInformer<T> informer, Predicate<T> selected, Function<T, SourceResult> compute, Predicate<T> kept, Predicate<Endpoint> types) {
        Set<String> keys = new HashSet<>(always);
        for (Iterator<String> i = changed.iterator(); i.hasNext(); ) {
            keys.add(i.next());
            i.remove();
        }
        for (String key : keys) {
            T o = informer.getStore().getByKey(key);
            if (o == null || !selected.test(o)) {
                parts.remove(key);
                always.remove(key);
            } else {
                put(key, o, compute.apply(o), kept, types);
            }
        }
        return parts;
    }

    private void put(String key, T o, SourceResult r, Predicate<T> kept, Predicate<Endpoint> types) {
        List<Endpoint> counted = new ArrayList<>(r.endpoints().size());
        for (Endpoint e : r.endpoints()) {
            if (types.test(e)) {
                counted.add(e);
            }
        }
        parts.put(key, counted, r.problems());
        if (kept.test(o)) {
            always.remove(key);
        } else {
            always.add(key);
        }
    }
}
