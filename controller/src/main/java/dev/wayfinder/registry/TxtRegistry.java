package dev.wayfinder.registry;

import dev.wayfinder.model.Changes;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.InvalidDnsNameException;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.model.Update;
import dev.wayfinder.model.txt.HeritageLabels;
import dev.wayfinder.model.txt.TxtNames;
import dev.wayfinder.plan.CurrentRecord;
import dev.wayfinder.plan.Policy;
import dev.wayfinder.provider.DomainFilter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * ExternalDNS's TXT registry over a provider that stores ownership in each value (etcd): reading,
 * who owns each record set; writing, the ownership records ExternalDNS needs to manage the same
 * names again after a rollback. Records in, a view or changes out; the only state is a memo of the
 * ownership record each record set wants, so a pass over unchanged record sets builds none.
 *
 * <p>Reading follows ExternalDNS v0.22's {@code registry/txt/registry.go}: every TXT record set whose
 * texts are all registry texts ({@link HeritageLabels}) is a registry record, hidden from the plan
 * (:209-237); it claims the record set {@link TxtNames} maps its name to (:229-235); a record set is
 * looked up by its name with the wildcard replaced (:244-254), under its own type first, then — but
 * for AAAA — under the untyped format written before v0.18 (:271-275). The owner stored in a value
 * wins; several owners claiming one record set make it nobody's.
 *
 * <p>Writing keeps, for every record set this controller owns (no set identifier, inside the
 * provider's domain filter), exactly one ownership record at ExternalDNS's name with
 * {@code owner} and {@code resource}, quoted as the registry writes it (:344), in Wayfinder's own
 * value (owner field set, so a strictly-owned ExternalDNS sees it too). An ownership record is
 * deleted only when no change of this pass can leave its record set without an owner: when the set
 * is gone, or is deleted now and stores its owner itself. Old-format records are deleted once every
 * record set at their name stores its owner and has its typed record.
 */
public final class TxtRegistry {

    /** ExternalDNS's default {@code --managed-record-types}: what {@code --registry=noop} takes as its own. */
    static final Set<RecordType> NOOP_MANAGED = Set.of(RecordType.A, RecordType.AAAA, RecordType.CNAME);

    private final RegistrySettings settings;
    private final String ownerId;
    // The ownership record each record set wanted last pass: unchanged record sets cost a lookup, not a rebuild.
    private Map<Wanted, Optional<Endpoint>> wantedLastPass = Map.of();
    // The labels of each TXT text read last pass.
    private Map<String, Optional<Map<String, String>>> parsedLastPass = Map.of();

    public TxtRegistry(RegistrySettings settings, String ownerId) {
        this.settings = settings;
        this.ownerId = ownerId;
    }

    /** A claim key: the owned name as ExternalDNS spells it, and its type ({@code ""}: the old untyped format). */
    private record ClaimKey(String name, String type) {
    }

    /** The labels of one registry text. */
    private record Claim(String owner, String resource) {
    }

    /** True when {@code e} is a registry record: a TXT record set all of whose texts are registry texts. */
    public static boolean isEntry(Endpoint e) {
        return e.type() == RecordType.TXT && !e.targets().isEmpty() && e.targets().stream().allMatch(HeritageLabels::isRegistryText);
    }

    /** Splits what the provider returned into what the plan sees (with owners) and the registry records. */
    public RegistryView read(List<Endpoint> records) {
        Map<ClaimKey, List<Claim>> claims = new HashMap<>();
        List<Endpoint> entries = new ArrayList<>();
        Set<Endpoint> ours = new HashSet<>();
        List<Endpoint> others = new ArrayList<>();
        Map<String, Optional<Map<String, String>>> parsed = new HashMap<>();
        for (Endpoint r : records) {
            if (r.type() != RecordType.TXT) {
                others.add(r);
                continue;
            }
            // Each text parsed once a pass (and once across passes: the texts read are the same strings).
            List<Map<String, String>> labels = new ArrayList<>();
            r.targets().forEach(t -> labelsOf(t, parsed).ifPresent(labels::add));
            if (settings.kind() == RegistrySettings.Kind.TXT) {
                collectClaims(r, labels, claims);
            }
            boolean entry = !labels.isEmpty() && labels.size() == r.targets().size();
            String stored = r.metadata().owner();
            if (!entry) {
                others.add(r);
            } else if (!settings.strictlyOwned() || stored.isEmpty() || stored.equals(ownerId)) {
                entries.add(r); // strictly owned, another owner's ownership records are not seen either
                if (labels.stream().allMatch(l -> ownerId.equals(l.get(HeritageLabels.OWNER)))) {
                    ours.add(r);
                }
            }
        }
        parsedLastPass = parsed;
        List<CurrentRecord> visible = new ArrayList<>();
        Map<Endpoint.Key, String> resources = new HashMap<>();
        for (Endpoint r : others) {
            String stored = r.metadata().owner();
            List<Claim> claimed = stored.isEmpty() ? claimsOf(r, claims) : List.of();
            String owner = stored.isEmpty() ? attributed(r, claimed) : stored;
            boolean mineOrNobodys = stored.isEmpty() || stored.equals(ownerId);
            if (settings.strictlyOwned() && !(owner.equals(ownerId) && mineOrNobodys)) {
                continue; // strictly owned: others' values, and unclaimed values, are not seen at all
            }
            visible.add(new CurrentRecord(r, owner));
            claimed.stream().filter(c -> c.owner().equals(owner) && !c.resource().isEmpty()).findFirst()
                    .ifPresent(c -> resources.put(r.key(), c.resource()));
        }
        return new RegistryView(visible, entries, ours, others, resources);
    }

    private Optional<Map<String, String>> labelsOf(String text, Map<String, Optional<Map<String, String>>> parsed) {
        Optional<Map<String, String>> labels = parsed.get(text);
        if (labels == null) {
            labels = parsedLastPass.get(text);
            if (labels == null) {
                labels = HeritageLabels.parse(text);
            }
            parsed.put(text, labels);
        }
        return labels;
    }

    private void collectClaims(Endpoint txt, List<Map<String, String>> labels, Map<ClaimKey, List<Claim>> claims) {
        if (labels.isEmpty()) {
            return;
        }
        Optional<TxtNames.Owned> owned = settings.names().toEndpointName(txt.name().toString());
        if (owned.isEmpty()) {
            return;
        }
        List<Claim> list = claims.computeIfAbsent(new ClaimKey(owned.get().name(), owned.get().type()), k -> new ArrayList<>());
        labels.forEach(l -> list.add(new Claim(l.getOrDefault(HeritageLabels.OWNER, ""), l.getOrDefault(HeritageLabels.RESOURCE, ""))));
    }

    private List<Claim> claimsOf(Endpoint r, Map<ClaimKey, List<Claim>> claims) {
        String look = settings.names().lookupName(r.name());
        List<Claim> typed = claims.getOrDefault(new ClaimKey(look, r.type().name()), List.of());
        if (!typed.isEmpty() || r.type() == RecordType.AAAA) {
            return typed;
        }
        return claims.getOrDefault(new ClaimKey(look, ""), List.of());
    }

    /** The owner of a value that stores none: the one owner its ownership records name, or nobody. */
    private String attributed(Endpoint r, List<Claim> claimed) {
        if (settings.kind() == RegistrySettings.Kind.NOOP) {
            return NOOP_MANAGED.contains(r.type()) ? ownerId : "";
        }
        Set<String> owners = new TreeSet<>();
        claimed.forEach(c -> owners.add(c.owner()));
        return owners.size() == 1 ? owners.iterator().next() : "";
    }

    /**
     * The changes to ownership records that go with {@code changes}: each owned record set keeps its
     * one record in Wayfinder's form, and records that claim nothing of this owner's any more go.
     * {@code adjust} is the provider's read-back form; {@code policy} limits them as it limits the plan.
     */
    public Changes entries(RegistryView view, Changes changes, Policy policy, DomainFilter scope, UnaryOperator<Endpoint> adjust) {
        if (settings.kind() != RegistrySettings.Kind.TXT) {
            return Changes.NONE;
        }
        Map<Endpoint.Key, Endpoint> after = ownedAfter(view, changes);
        Map<DnsName, List<Endpoint>> entriesAt = new LinkedHashMap<>();
        view.entries().forEach(e -> entriesAt.computeIfAbsent(e.name(), n -> new ArrayList<>()).add(e));
        Set<Endpoint.Key> used = new HashSet<>();
        changes.keys().forEach(used::add);
        List<Endpoint> create = new ArrayList<>();
        List<Update> update = new ArrayList<>();
        List<Endpoint> delete = new ArrayList<>();
        Set<DnsName> kept = new HashSet<>();
        Map<Wanted, Optional<Endpoint>> memo = new HashMap<>();
        for (Endpoint rec : after.values()) {
            if (!rec.setIdentifier().isEmpty()) {
                continue;
            }
            String resource = rec.metadata().resource().isEmpty() ? view.resources().getOrDefault(rec.key(), "") : rec.metadata().resource();
            Wanted w = new Wanted(rec.name(), rec.type(), resource);
            Optional<Endpoint> wanted = wantedLastPass.containsKey(w) ? wantedLastPass.get(w) : wanted(w, scope, adjust);
            memo.put(w, wanted);
            if (wanted.isEmpty()) {
                continue;
            }
            Endpoint want = wanted.get();
            kept.add(want.name());
            List<Endpoint> there = entriesAt.getOrDefault(want.name(), List.of());
            if (!used.add(want.key()) || there.stream().anyMatch(e -> !view.ourEntries().contains(e))) {
                continue; // planned already, or another owner's ownership record claims this record set
            }
            if (there.isEmpty()) {
                create.add(want);
            } else if (there.size() == 1 && !there.get(0).equals(want)) {
                update.add(new Update(there.get(0), want));
            } else if (there.size() > 1) {
                // ExternalDNS's and Wayfinder's records side by side: drop the unowned one now, rewrite next pass.
                there.stream().filter(e -> !e.metadata().hasOwner()).findFirst().ifPresent(delete::add);
            }
        }
        Map<String, List<Endpoint>> byName = new HashMap<>();
        view.others().forEach(r -> byName.computeIfAbsent(settings.names().lookupName(r.name()), n -> new ArrayList<>()).add(r));
        Set<Endpoint> deleted = new HashSet<>(changes.delete());
        for (Endpoint e : view.entries()) {
            if (!kept.contains(e.name()) && view.ourEntries().contains(e) && scope.matches(e.name()) && retired(e, view, entriesAt, byName, deleted) && used.add(e.key())) {
                delete.add(e);
            }
        }
        wantedLastPass = memo;
        create.sort(Comparator.comparing(Endpoint::key));
        update.sort(Comparator.comparing(Update::key));
        delete.sort(Comparator.comparing(Endpoint::key));
        return policy.restrict(new Changes(create, update, delete));
    }

    /** What decides a record set's ownership record: its name, type and resource (the owner and the names are fixed). */
    private record Wanted(DnsName name, RecordType type, String resource) {
    }

    /** The ownership record {@code w} needs, in the provider's read-back form; empty when its name is outside {@code scope}. */
    private Optional<Endpoint> wanted(Wanted w, DomainFilter scope, UnaryOperator<Endpoint> adjust) {
        Optional<DnsName> txtName = settings.names().txtName(w.name(), w.type()).filter(scope::matches);
        if (txtName.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(HeritageLabels.OWNER, ownerId);
        if (!w.resource().isEmpty()) {
            labels.put(HeritageLabels.RESOURCE, w.resource());
        }
        return Optional.of(adjust.apply(new Endpoint(txtName.get(), RecordType.TXT, List.of(HeritageLabels.format(labels, true)),
                Endpoint.TTL_UNSET, "", Metadata.owned(ownerId, w.resource()))));
    }

    /** The record sets this owner holds once {@code changes} are applied. */
    private Map<Endpoint.Key, Endpoint> ownedAfter(RegistryView view, Changes changes) {
        Map<Endpoint.Key, Endpoint> after = new LinkedHashMap<>();
        view.records().stream().filter(c -> c.ownedBy(ownerId)).forEach(c -> after.put(c.record().key(), c.record()));
        changes.delete().forEach(e -> after.remove(e.key()));
        changes.update().forEach(u -> after.put(u.key(), u.after()));
        changes.create().forEach(e -> after.put(e.key(), e));
        return after;
    }

    /** True when the registry record may go: what it claims is gone, or stores its owner and goes now, or needs it no more. */
    private boolean retired(Endpoint entry, RegistryView view, Map<DnsName, List<Endpoint>> entriesAt, Map<String, List<Endpoint>> byName,
                            Set<Endpoint> deleted) {
        Optional<TxtNames.Owned> owned = settings.names().toEndpointName(entry.name().toString());
        if (owned.isEmpty()) {
            return false; // written under other affixes: not ours to judge
        }
        DnsName name;
        try {
            name = DnsName.of(owned.get().name());
        } catch (InvalidDnsNameException e) {
            return false;
        }
        List<Endpoint> at = byName.getOrDefault(name.toString(), List.of());
        if (!owned.get().legacy()) {
            List<Endpoint> claimed = at.stream().filter(r -> r.type().name().equals(owned.get().type())).toList();
            return claimed.isEmpty() || claimed.stream().allMatch(r -> deleted.contains(r) && ownerId.equals(r.metadata().owner()));
        }
        // The untyped format claims every type but AAAA at its name: it may go once none of them needs it.
        return at.stream().filter(r -> r.type() != RecordType.AAAA).allMatch(r -> ownerId.equals(r.metadata().owner())
                && settings.names().txtName(r.name(), r.type()).map(n -> hasOurEntry(view, entriesAt, n)).orElse(false));
    }

    private boolean hasOurEntry(RegistryView view, Map<DnsName, List<Endpoint>> entriesAt, DnsName txtName) {
        return entriesAt.getOrDefault(txtName, List.of()).stream().anyMatch(e -> view.ourEntries().contains(e) && e.metadata().owner().equals(ownerId));
    }
}
