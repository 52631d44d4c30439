package dev.wayfinder.controller;

import dev.wayfinder.model.Changes;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Update;
import dev.wayfinder.provider.ProviderException;
import dev.wayfinder.registry.DeletionRefusedException;
import dev.wayfinder.registry.Registry;
import dev.wayfinder.registry.RegistryView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Applies one pass's changes so that no name holds up the others. The provider applies what it
 * can and names what it did not; a name refused for good is reported for that name and the rest
 * stands. A batch refused as a whole before anything was written (one record the provider cannot
 * express) is applied again name by name. Only a transient fault (the store unreachable, a lost
 * compare-and-swap race) asks for the pass to be retried.
 */
final class ResilientApply {

    /** A name the provider would not take, why, and the objects whose records it holds. */
    record Refused(DnsName name, String reason, Set<String> resources) {
    }

    /**
     * What happened: the names refused for good, the changes that went through, and the transient fault
     * to retry the pass for, if there was one.
     */
    record Outcome(List<Refused> refused, Changes applied, Optional<ProviderException> retry) {
    }

    private final Registry registry;

    ResilientApply(Registry registry) {
        this.registry = registry;
    }

    Outcome apply(Changes changes, RegistryView view) throws DeletionRefusedException {
        try {
            registry.apply(changes, view);
            return new Outcome(List.of(), changes, Optional.empty());
        } catch (ProviderException e) {
            if (!e.names().isEmpty()) {
                return partial(changes, e);
            }
            if (e.isTransient()) {
                return new Outcome(List.of(), Changes.NONE, Optional.of(e));
            }
            if (byName(changes).size() == 1) {
                return new Outcome(List.of(refused(changes, e.getMessage())), Changes.NONE, Optional.empty());
            }
        }
        return nameByName(changes, view);
    }

    private Outcome nameByName(Changes changes, RegistryView view) throws DeletionRefusedException {
        List<Refused> refused = new ArrayList<>();
        List<Changes> applied = new ArrayList<>();
        ProviderException retry = null;
        for (Changes one : byName(changes).values()) {
            try {
                registry.apply(one, view);
                applied.add(one);
            } catch (ProviderException e) {
                Outcome o = e.names().isEmpty()
                        ? new Outcome(e.isTransient() ? List.of() : List.of(refused(one, e.getMessage())), Changes.NONE,
                                e.isTransient() ? Optional.of(e) : Optional.empty())
                        : partial(one, e);
                refused.addAll(o.refused());
                applied.add(o.applied());
                retry = o.retry().orElse(retry);
            }
        }
        return new Outcome(refused, merge(applied), Optional.ofNullable(retry));
    }

    /** The provider applied all but the names it lists: those it refused for good are reported, a transient one retried. */
    private static Outcome partial(Changes changes, ProviderException e) {
        Map<DnsName, Changes> names = byName(changes);
        List<Refused> refused = new ArrayList<>();
        Set<DnsName> failed = new TreeSet<>();
        for (ProviderException.NameFailure f : e.names()) {
            failed.add(f.name());
            if (!f.retryable()) {
                refused.add(refused(names.getOrDefault(f.name(), Changes.NONE), f.name(), f.reason()));
            }
        }
        boolean retry = e.names().stream().anyMatch(ProviderException.NameFailure::retryable);
        Predicate<DnsName> ok = n -> !failed.contains(n);
        return new Outcome(refused, changes.filter(ok), retry ? Optional.of(e) : Optional.empty());
    }

    private static Refused refused(Changes one, String reason) {
        DnsName name = one.keys().findFirst().map(Endpoint.Key::name).orElseThrow();
        return refused(one, name, reason);
    }

    private static Refused refused(Changes one, DnsName name, String reason) {
        Set<String> resources = new TreeSet<>();
        one.create().forEach(x -> resources.add(x.metadata().resource()));
        one.update().forEach(u -> resources.add(u.after().metadata().resource()));
        one.delete().forEach(x -> resources.add(x.metadata().resource()));
        resources.remove("");
        return new Refused(name, reason, resources);
    }

    /** The changes of each name, in name order. */
    static Map<DnsName, Changes> byName(Changes changes) {
        Map<DnsName, List<Endpoint>> create = new LinkedHashMap<>();
        Map<DnsName, List<Update>> update = new LinkedHashMap<>();
        Map<DnsName, List<Endpoint>> delete = new LinkedHashMap<>();
        changes.create().forEach(e -> create.computeIfAbsent(e.name(), n -> new ArrayList<>()).add(e));
        changes.update().forEach(u -> update.computeIfAbsent(u.key().name(), n -> new ArrayList<>()).add(u));
        changes.delete().forEach(e -> delete.computeIfAbsent(e.name(), n -> new ArrayList<>()).add(e));
        Set<DnsName> names = new TreeSet<>(create.keySet());
        names.addAll(update.keySet());
        names.addAll(delete.keySet());
        Map<DnsName, Changes> out = new TreeMap<>();
        names.forEach(n -> out.put(n, new Changes(create.getOrDefault(n, List.of()), update.getOrDefault(n, List.of()),
                delete.getOrDefault(n, List.of()))));
        return out;
    }

    private static Changes merge(List<Changes> parts) {
        List<Endpoint> c = new ArrayList<>();
        List<Update> u = new ArrayList<>();
        List<Endpoint> d = new ArrayList<>();
        parts.forEach(p -> {
            c.addAll(p.create());
            u.addAll(p.update());
            d.addAll(p.delete());
        });
        return new Changes(c, u, d);
    }
}
