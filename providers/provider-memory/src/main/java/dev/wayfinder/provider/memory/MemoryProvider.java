package dev.wayfinder.provider.memory;

import dev.wayfinder.provider.ChangeChecks;
import dev.wayfinder.model.Changes;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Update;
import dev.wayfinder.provider.DnsProvider;
import dev.wayfinder.provider.DomainFilter;
import dev.wayfinder.provider.ProviderException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A strict in-memory provider: the embedded default store of {@code wayfinder controller} without
 * etcd, the store {@code --dry-run} plans against, and what Wayfinder's DNS server can serve from.
 *
 * <p>Strict means nothing is silent: creating a record set that exists, updating or deleting one
 * that does not (or that another owner holds), naming one record set twice in a batch, a name
 * outside the domain filter, or a target its type cannot hold all fail with
 * {@link ProviderException.Kind#PERMANENT}, naming the record (an update may give a record with no
 * owner one, but never take it from another owner). An update or delete whose
 * {@code before} targets no longer match the store was planned against an old read and fails with
 * {@link ProviderException.Kind#TRANSIENT}, so a concurrent writer is never overwritten silently.
 * The whole batch is validated before anything changes, so a failed apply changes nothing at all.
 *
 * <p>Thread-safe: writers are serialised, readers get an immutable snapshot without locking, and
 * change listeners run after each successful apply that changed something.
 * {@link #view(DomainFilter)} opens another provider over the same records with its own filter.
 */
public final class MemoryProvider implements DnsProvider {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryProvider.class);

    private final Store store;
    private final DomainFilter filter;

    public MemoryProvider(DomainFilter filter) {
        this(new Store(), filter);
    }

    private MemoryProvider(Store store, DomainFilter filter) {
        this.store = store;
        this.filter = Objects.requireNonNull(filter, "filter");
    }

    /** Another provider over the same records, seeing and changing only what {@code otherFilter} matches. */
    public MemoryProvider view(DomainFilter otherFilter) {
        return new MemoryProvider(store, otherFilter);
    }

    /** Runs {@code listener} after every successful apply that changed something, on the applying thread. */
    public void addChangeListener(Runnable listener) {
        store.listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeChangeListener(Runnable listener) {
        store.listeners.remove(listener);
    }

    /** Counts successful applies that changed something; starts at 0. A cheap "has anything changed" check. */
    public long version() {
        return store.state.version;
    }

    @Override
    public String name() {
        return "inmemory";
    }

    @Override
    public DomainFilter domainFilter() {
        return filter;
    }

    /** Record sets inside the filter, in canonical key order. Never blocks on writers. */
    @Override
    public List<Endpoint> records() {
        return store.state.records.values().stream().filter(e -> filter.matches(e.name())).toList();
    }

    /** Targets in their canonical text, as {@link #records()} returns them; see {@link Targets#canonical}. */
    @Override
    public Endpoint adjust(Endpoint desired) {
        Endpoint adjusted = desired.withTargets(desired.targets().stream().map(t -> Targets.canonical(desired.type(), t)).toList());
        return adjusted.equals(desired) ? desired : adjusted;
    }

    @Override
    public void apply(Changes changes) throws ProviderException {
        if (changes.isEmpty()) {
            return;
        }
        synchronized (store) {
            State current = store.state;
            Map<Endpoint.Key, Endpoint> next = new TreeMap<>(current.records);
            List<String> problems = validate(changes, current.records);
            if (!problems.isEmpty()) {
                throw ProviderException.permanent("refused " + changes.size() + " change(s), nothing applied: "
                        + String.join("; ", problems));
            }
            List<String> stale = staleReads(changes, current.records);
            if (!stale.isEmpty()) {
                // A lost race, not a bad request: reading again and re-planning succeeds.
                throw ProviderException.transientFailure("refused " + changes.size() + " change(s), nothing applied: "
                        + String.join("; ", stale), null);
            }
            for (Endpoint e : changes.delete()) {
                next.remove(e.key());
                LOG.info("deleted {}", current.records.get(e.key()));
            }
            for (Update u : changes.update()) {
                Endpoint after = adjust(u.after());
                next.put(after.key(), after);
                LOG.info("updated {} -> {}", current.records.get(u.key()), after);
            }
            for (Endpoint e : changes.create()) {
                Endpoint created = adjust(e);
                next.put(created.key(), created);
                LOG.info("created {}", created);
            }
            store.state = new State(Collections.unmodifiableMap(next), current.version + 1);
        }
        store.notifyListeners();
    }

    /** Every reason the batch cannot be applied to {@code current}; empty when it can. */
    private List<String> validate(Changes changes, Map<Endpoint.Key, Endpoint> current) {
        List<String> problems = new ArrayList<>(ChangeChecks.outsideOrRepeated(changes, filter));
        for (Endpoint e : changes.create()) {
            checkTargets(e).ifPresent(problems::add);
            Endpoint existing = current.get(e.key());
            if (existing != null) {
                problems.add(e.key() + ": cannot create, it exists" + ownedBy(existing, e));
            }
        }
        for (Update u : changes.update()) {
            checkTargets(u.after()).ifPresent(problems::add);
            checkHeld(u.before(), current, "update").ifPresent(problems::add);
            // Adopting a record with no owner is allowed (the registry may know it is ours from
            // ExternalDNS's TXT records); taking one from another owner is not.
            String from = u.before().metadata().owner();
            if (!from.isEmpty() && !u.after().metadata().owner().equals(from)) {
                problems.add(u.key() + ": an update cannot change the owner from '" + u.before().metadata().owner()
                        + "' to '" + u.after().metadata().owner() + "'");
            }
        }
        for (Endpoint e : changes.delete()) {
            checkHeld(e, current, "delete").ifPresent(problems::add);
        }
        return problems;
    }

    /**
     * Updates and deletes whose targets differ from what is stored: they were planned against an
     * older read, and applying them would overwrite another writer's change without noticing.
     */
    private List<String> staleReads(Changes changes, Map<Endpoint.Key, Endpoint> current) {
        List<String> stale = new ArrayList<>();
        Stream.concat(changes.update().stream().map(Update::before), changes.delete().stream()).forEach(read -> {
            Endpoint now = current.get(read.key());
            if (!adjust(read).targets().equals(now.targets())) {
                stale.add(read.key() + ": changed since it was read (now " + now.targets() + ", read " + read.targets() + ")");
            }
        });
        return stale;
    }

    private static Optional<String> checkHeld(Endpoint e, Map<Endpoint.Key, Endpoint> current, String verb) {
        Endpoint existing = current.get(e.key());
        if (existing == null) {
            return Optional.of(e.key() + ": cannot " + verb + ", it does not exist");
        }
        if (!existing.metadata().owner().equals(e.metadata().owner())) {
            return Optional.of(e.key() + ": cannot " + verb + " as owner '" + e.metadata().owner() + "'" + ownedBy(existing, e));
        }
        return Optional.empty();
    }

    private static String ownedBy(Endpoint existing, Endpoint asked) {
        String owner = existing.metadata().owner();
        if (owner.equals(asked.metadata().owner())) {
            return "";
        }
        return owner.isEmpty() ? " (it has no owner)" : " (owned by '" + owner + "')";
    }

    private static Optional<String> checkTargets(Endpoint e) {
        if (e.targets().isEmpty()) {
            return Optional.of(e.key() + ": has no targets");
        }
        for (String t : e.targets()) {
            Optional<String> bad = Targets.problem(e.type(), t);
            if (bad.isPresent()) {
                return Optional.of(e.key() + ": " + bad.get());
            }
        }
        return Optional.empty();
    }

    /** An immutable snapshot, swapped whole, so readers never see half a batch. */
    private record State(Map<Endpoint.Key, Endpoint> records, long version) {
    }

    /** What views share: the current state and the listeners. */
    private static final class Store {
        private volatile State state = new State(Map.of(), 0);
        private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

        void notifyListeners() {
            for (Runnable l : listeners) {
                try {
                    l.run();
                } catch (RuntimeException e) {
                    // The change is already applied; a broken listener must not turn it into a failure.
                    LOG.warn("change listener {} failed", l, e);
                }
            }
        }
    }
}
