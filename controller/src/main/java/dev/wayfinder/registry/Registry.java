package dev.wayfinder.registry;

import dev.wayfinder.model.Changes;
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
    private List<Endpoint> cache;
    private Instant readAt = Instant.MIN;

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
    }

    public String ownerId() {
        return ownerId;
    }

    public DnsProvider provider() {
        return provider;
    }

    /** Every record the provider holds, with its owner, and ExternalDNS's registry records apart. */
    public synchronized RegistryView current() throws ProviderException {
        Instant now = clock.instant();
        if (cache == null || !now.isBefore(readAt.plus(maxAge))) {
            cache = null;
            cache = List.copyOf(provider.records());
            readAt = now;
        }
        if (provider.keepsOwnershipRecords()) {
            return RegistryView.ofRecords(cache);
        }
        return txt.read(cache);
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
        if (provider.keepsOwnershipRecords() || !provider.holdsExternalDnsRecords()) {
            return planned;
        }
        Changes entries = txt.entries(view, planned, policy, provider.domainFilter(), provider::adjust);
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
        List<Endpoint> next = new ArrayList<>(cache.size() + changes.create().size());
        cache.stream().filter(e -> !gone.contains(e)).forEach(next::add);
        changes.update().forEach(u -> next.add(provider.adjust(u.after())));
        changes.create().forEach(e -> next.add(provider.adjust(e)));
        cache = List.copyOf(next);
    }

    /** The form the provider will read {@code desired} back in. */
    public Endpoint adjust(Endpoint desired) {
        return provider.adjust(desired);
    }

    /** Applies {@code changes} after checking ownership and the deletion guard against {@code view}. */
    public synchronized void apply(Changes changes, RegistryView view) throws ProviderException, DeletionRefusedException {
        Set<Endpoint> owned = view.records().stream().filter(c -> c.ownedBy(ownerId)).map(CurrentRecord::record)
                .collect(Collectors.toCollection(HashSet::new));
        owned.addAll(view.ourEntries());
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
        List<Endpoint> ownedSets = view.records().stream().filter(c -> c.ownedBy(ownerId)).map(CurrentRecord::record).toList();
        Optional<String> refusal = guard.refusal(guarded, ownedSets);
        if (refusal.isPresent()) {
            throw new DeletionRefusedException(refusal.get());
        }
        if (changes.isEmpty()) {
            return;
        }
        try {
            provider.apply(changes);
        } catch (ProviderException | RuntimeException e) {
            cache = null;
            throw e;
        }
        patchCache(changes);
        changes.create().forEach(e -> LOG.info("Published {} for {}", e, e.metadata().resource()));
        changes.update().forEach(u -> LOG.info("Updated {} -> {} for {}", u.before(), describe(u.after()), u.after().metadata().resource()));
        changes.delete().forEach(e -> LOG.info("Deleted {}{}", e, e.metadata().resource().isEmpty() ? "" : " of " + e.metadata().resource()));
    }

    private static String describe(Endpoint after) {
        return after.targets() + (after.hasTtl() ? " ttl=" + after.ttl() : "") + " owner=" + after.metadata().owner();
    }
}
