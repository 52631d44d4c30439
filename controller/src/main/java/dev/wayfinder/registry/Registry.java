package dev.wayfinder.registry;

import dev.wayfinder.model.Changes;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Update;
import dev.wayfinder.plan.Policy;
import dev.wayfinder.plan.CurrentRecord;
import dev.wayfinder.provider.DnsProvider;
import dev.wayfinder.provider.ProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ownership around a provider. Reading, it tells each record's owner: the owner stored with the
 * record, else the owner an ExternalDNS TXT registry record names ({@link TxtRegistry}), else nobody
 * (written by hand); a provider that keeps ExternalDNS's records itself (RFC 2136) has done that
 * already. Writing, it adds the ownership records ExternalDNS needs to the plan's changes
 * ({@link #complete}), lets through only changes to records this owner id holds, and applies the
 * deletion guard — a second line behind the plan, so a bug there still cannot touch a foreign record.
 */
public final class Registry {

    private static final Logger LOG = LoggerFactory.getLogger(Registry.class);

    private final DnsProvider provider;
    private final String ownerId;
    private final DeletionGuard guard;
    private final Duration maxAge;
    private final Clock clock;
    private final TxtRegistry txt;
    // What the provider held at the last full read, patched with each successful apply; null: read again.
    private RecordIndex cache;
    private Instant readAt = Instant.MIN;
    // The names whose records the copy changed at since the last changes(); null: it was read afresh.
    private Set<DnsName> changedSince;
    private final Function<Endpoint, Set<String>> ties;
    // Names the provider refused for good since they were last applied.
    private final Set<DnsName> refused = new HashSet<>();
    private RegistryView ownedOf;
    private Set<Endpoint> ownedInView = Set.of();

    /** A registry that reads the provider on every pass. */
    public Registry(DnsProvider provider, String ownerId, DeletionGuard guard) {
        this(provider, ownerId, guard, Duration.ZERO, Clock.systemUTC(), RegistrySettings.DEFAULTS);
    }

    /** With ExternalDNS's default registry settings. */
    public Registry(DnsProvider provider, String ownerId, DeletionGuard guard, Duration maxAge, Clock clock) {
        this(provider, ownerId, guard, maxAge, clock, RegistrySettings.DEFAULTS);
    }

    /**
     * A registry that reuses what it read for up to {@code maxAge} (patching it with what it applies), so
     * a single change costs no full read of the provider. Any failed apply forces a fresh read, and so
     * does the age limit: changes made behind its back (by hand, by another writer) are seen within {@code maxAge}.
     */
    public Registry(DnsProvider provider, String ownerId, DeletionGuard guard, Duration maxAge, Clock clock, RegistrySettings settings) {
        if (ownerId == null || ownerId.isBlank()) {
            throw new IllegalArgumentException("the owner id must not be empty");
        }
        this.provider = provider;
        this.ownerId = ownerId;
        this.guard = guard;
        this.maxAge = maxAge;
        this.clock = clock;
        this.txt = new TxtRegistry(settings, ownerId);
        this.ties = provider.keepsOwnershipRecords() ? e -> Set.of() : txt::ties;
    }

    public String ownerId() {
        return ownerId;
    }

    public DnsProvider provider() {
        return provider;
    }

    /** Every record the provider holds, with its owner, and ExternalDNS's registry records apart. */
    public synchronized RegistryView current() throws ProviderException {
        refresh();
        return view(cache.all(), true);
    }

    /**
     * The records at {@code names} only, as {@link #current()} reads them, from the copy: the names
     * must be closed under {@link #tiesOf} (a record's owner can depend on a record at a tied name).
     */
    public synchronized RegistryView currentAt(Set<DnsName> names) throws ProviderException {
        refresh();
        return view(cache.at(names), false);
    }

    /**
     * What changed in the copy since the last call, reading the provider afresh first if the copy is
     * missing or too old: the names this registry's applies touched, or empty when the copy was read
     * afresh (anything may have changed).
     */
    public synchronized Optional<Set<DnsName>> changes() throws ProviderException {
        refresh();
        Optional<Set<DnsName>> out = Optional.ofNullable(changedSince);
        changedSince = new HashSet<>();
        return out;
    }

    /**
     * Adds to {@code into} the names tied to {@code name} through the copy's records ({@link TxtRegistry#ties});
     * none while there is no copy (then {@link #changes()} reports everything next).
     */
    public synchronized void tiesOf(String name, Set<String> into) {
        if (cache != null) {
            cache.tiesOf(name, into);
        }
    }

    /** The names {@code e} is tied to besides its own, as {@link #tiesOf} follows them. */
    public Set<String> ties(Endpoint e) {
        return ties.apply(e);
    }

    private void refresh() throws ProviderException {
        Instant now = clock.instant();
        if (cache == null || !now.isBefore(readAt.plus(maxAge))) {
            RecordIndex previous = cache;
            cache = null;
            cache = new RecordIndex(List.copyOf(provider.records()), ties, previous);
            readAt = now;
            changedSince = null;
        }
    }

    private RegistryView view(List<Endpoint> records, boolean whole) {
        return provider.keepsOwnershipRecords() ? RegistryView.ofRecords(records) : txt.read(records, whole);
    }

    /** Forgets what was read, so the next pass reads the provider again. */
    public synchronized void invalidate() {
        cache = null;
    }

    /**
     * The plan's changes plus the ExternalDNS ownership records that go with them, where the provider
     * shares its store with ExternalDNS (etcd) and does not keep them itself. Pure.
     */
    public Changes complete(Changes planned, RegistryView view, Policy policy) {
        return complete(planned, view, policy, true);
    }

    /** {@link #complete(Changes, RegistryView, Policy)} over a view of some names ({@link #currentAt}) when {@code whole} is false. */
    public Changes complete(Changes planned, RegistryView view, Policy policy, boolean whole) {
        if (provider.keepsOwnershipRecords() || !provider.holdsExternalDnsRecords()) {
            return planned;
        }
        Changes entries = txt.entries(view, planned, policy, provider.domainFilter(), provider::adjust, whole);
        if (entries.isEmpty()) {
            return planned;
        }
        List<Endpoint> create = new ArrayList<>(planned.create());
        create.addAll(entries.create());
        List<Update> update = new ArrayList<>(planned.update());
        update.addAll(entries.update());
        List<Endpoint> delete = new ArrayList<>(planned.delete());
        delete.addAll(entries.delete());
        return new Changes(create, update, delete);
    }

    private void patchCache(Changes changes) {
        if (cache == null) {
            return;
        }
        Set<Endpoint> gone = new HashSet<>(changes.delete());
        changes.update().forEach(u -> gone.add(u.before()));
        List<Endpoint> added = new ArrayList<>(changes.update().size() + changes.create().size());
        changes.update().forEach(u -> added.add(provider.adjust(u.after())));
        changes.create().forEach(e -> added.add(provider.adjust(e)));
        Set<DnsName> touched = cache.patch(gone, added);
        if (changedSince != null) {
            changedSince.addAll(touched);
        }
    }

    /** The form the provider will read {@code desired} back in. */
    public Endpoint adjust(Endpoint desired) {
        return provider.adjust(desired);
    }

    /** Applies {@code changes} after checking ownership and the deletion guard against {@code view}. */
    public synchronized void apply(Changes changes, RegistryView view) throws ProviderException, DeletionRefusedException {
        apply(changes, view, true);
    }

    /** The record sets of {@code view} this owner holds: what the deletion guard weighs deletions against. */
    private List<Endpoint> ownedSets(RegistryView view) {
        return view.records().stream().filter(c -> c.ownedBy(ownerId)).map(CurrentRecord::record).toList();
    }

    /**
     * Applies {@code changes} after checking ownership against {@code view}, which is the view of some names
     * only ({@link #currentAt}) unless {@code whole}, and the deletion guard against every record set this
     * owner holds (read from the copy only when the changes delete enough for the guard to weigh them).
     */
    public synchronized void apply(Changes changes, RegistryView view, boolean whole) throws ProviderException, DeletionRefusedException {
        Set<Endpoint> owned = owned(view);
        Optional<Endpoint> foreign = Stream.concat(changes.delete().stream(), changes.update().stream().map(Update::before))
                .filter(e -> !owned.contains(e)).findFirst();
        if (foreign.isPresent()) {
            throw ProviderException.permanent("refusing to change " + foreign.get() + ": it is not owned by " + ownerId);
        }
        Optional<Endpoint> notMine = Stream.concat(changes.create().stream(), changes.update().stream().map(Update::after))
                .filter(e -> !ownerId.equals(e.metadata().owner())).findFirst();
        if (notMine.isPresent()) {
            throw ProviderException.permanent("refusing to write " + notMine.get() + " without owner " + ownerId);
        }
        // Ownership records go with their record sets: the guard counts the record sets, and only those lost.
        Changes guarded = new Changes(changes.create().stream().filter(e -> !TxtRegistry.isEntry(e)).toList(),
                changes.update().stream().filter(u -> !TxtRegistry.isEntry(u.after())).toList(),
                changes.delete().stream().filter(e -> !TxtRegistry.isEntry(e)).toList());
        Optional<String> refusal = guard.mayRefuse(guarded) ? guard.refusal(guarded, ownedSets(whole ? view : current())) : Optional.empty();
        if (refusal.isPresent()) {
            throw new DeletionRefusedException(refusal.get());
        }
        if (changes.isEmpty()) {
            return;
        }
        try {
            provider.apply(changes);
        } catch (ProviderException e) {
            failed(changes, e);
            throw e;
        } catch (RuntimeException e) {
            cache = null;
            throw e;
        }
        patchCache(changes);
        if (!refused.isEmpty()) {
            changes.keys().forEach(k -> refused.remove(k.name()));
        }
        changes.create().forEach(e -> LOG.info("Published {} for {}", e, e.metadata().resource()));
        changes.update().forEach(u -> LOG.info("Updated {} -> {} for {}", u.before(), describe(u.after()), u.after().metadata().resource()));
        changes.delete().forEach(e -> LOG.info("Deleted {}{}", e, e.metadata().resource().isEmpty() ? "" : " of " + e.metadata().resource()));
    }

    /**
     * Keeps the copy true after a failed apply. A transient failure (a lost race: someone else wrote)
     * or an unknown one makes the next pass read the provider afresh. A name refused for good the
     * first time does too (the copy may be what is wrong: a record created behind its back); refused
     * again, reading afresh has not helped, so the copy stays and passes keep planning only what changed.
     * Names the provider applied beside the refused ones are patched in; a batch refused as a whole
     * changed nothing (its names are then tried one by one).
     */
    private void failed(Changes changes, ProviderException e) {
        if (e.isTransient() || cache == null) {
            cache = null;
            return;
        }
        Set<DnsName> names = new HashSet<>();
        e.names().forEach(f -> names.add(f.name()));
        if (names.isEmpty()) {
            changes.keys().forEach(k -> names.add(k.name()));
            if (names.size() > 1) {
                return;
            }
        }
        if (!refused.containsAll(names)) {
            cache = null;
        } else {
            patchCache(changes.filter(n -> !names.contains(n)));
        }
        refused.addAll(names);
    }

    /**
     * The records of {@code view} this owner may change, kept for the view last asked about: applying
     * a pass name by name checks every name against the same view.
     */
    private Set<Endpoint> owned(RegistryView view) {
        if (ownedOf != view) {
            Set<Endpoint> owned = view.records().stream().filter(c -> c.ownedBy(ownerId)).map(CurrentRecord::record)
                    .collect(Collectors.toCollection(HashSet::new));
            owned.addAll(view.ourEntries());
            ownedOf = view;
            ownedInView = owned;
        }
        return ownedInView;
    }

    private static String describe(Endpoint after) {
        return after.targets() + (after.hasTtl() ? " ttl=" + after.ttl() : "") + " owner=" + after.metadata().owner();
    }
}
