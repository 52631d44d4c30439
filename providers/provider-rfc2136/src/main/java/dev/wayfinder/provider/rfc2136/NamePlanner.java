package dev.wayfinder.provider.rfc2136;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.provider.rfc2136.Ownership.Owned;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.Record;

/**
 * Decides, without I/O, what one DNS name's RRsets and ownership records become under a list of
 * changes, starting from a {@link ZoneView}. A change that would touch another owner's record set,
 * create over an existing one, or update or delete a missing one makes the whole name a conflict:
 * nothing of that name is sent.
 */
final class NamePlanner {

    /** Either an update or the reasons none can be made; never both. */
    record Outcome(Optional<NameUpdate> update, List<Conflict> conflicts) {
    }

    /**
     * Why a name cannot be changed. {@code stale}: the plan was made from an older read (the record
     * set changed since), which a fresh read heals, so the error is transient; otherwise permanent.
     */
    record Conflict(String message, boolean stale) {
        @Override
        public String toString() {
            return message;
        }
    }

    private NamePlanner() {
    }

    static Outcome plan(ZoneView view, DnsName name, List<Change> changes) {
        Map<RecordType, List<Change>> byType = new LinkedHashMap<>();
        changes.forEach(c -> byType.computeIfAbsent(c.subject().type(), t -> new ArrayList<>()).add(c));
        List<Conflict> conflicts = new ArrayList<>();
        List<RrsetChange> rrsets = new ArrayList<>();
        Set<RecordType> typesAfter = EnumSet.noneOf(RecordType.class);
        typesAfter.addAll(view.typesAt(name));
        for (Map.Entry<RecordType, List<Change>> e : byType.entrySet()) {
            RecordType type = e.getKey();
            Owned key = new Owned(name, type);
            List<Endpoint> sets = new ArrayList<>(view.recordSets(key));
            List<Ownership> orphans = new ArrayList<>(view.orphans(key));
            Long ttl = null;
            for (Change c : e.getValue()) {
                apply(c, sets, orphans).ifPresent(why -> conflicts.add(new Conflict(c.subject().key() + ": " + why.message(), why.stale())));
                if (!(c instanceof Change.Delete)) {
                    ttl = c.subject().ttl();
                }
            }
            if (sets.isEmpty()) {
                typesAfter.remove(type);
            } else {
                typesAfter.add(type);
            }
            long writeTtl = ttl != null ? ttl : sets.isEmpty() ? Rfc2136Config.DEFAULT_TTL : sets.get(0).ttl();
            rrsets.addAll(render(view, key, sets, orphans, writeTtl));
        }
        retireLegacy(view, name, changes, byType.keySet(), rrsets).ifPresent(rrsets::add);
        if (typesAfter.contains(RecordType.CNAME) && typesAfter.size() > 1) {
            conflicts.add(new Conflict(name + ": a CNAME cannot share its name with other records " + typesAfter, false));
        }
        if (!conflicts.isEmpty()) {
            return new Outcome(Optional.empty(), conflicts);
        }
        List<RrsetChange> changed = rrsets.stream().filter(r -> !r.isNoop()).toList();
        return new Outcome(Optional.of(new NameUpdate(view.zone(), name, changes, changed)), List.of());
    }

    /**
     * Removes this owner's old-format (before v0.18) ownership records of {@code name} once nothing
     * needs them: every record set of this owner at the name then has an ownership record of its own
     * type (the ones this change renders, and the untouched ones already). ExternalDNS since v0.12
     * reads the typed records, so the old ones only risk claiming what is created there later.
     */
    private static Optional<RrsetChange> retireLegacy(ZoneView view, DnsName name, List<Change> changes, Set<RecordType> touched,
                                                      List<RrsetChange> rendered) {
        String owner = changes.get(0).subject().metadata().owner();
        List<ZoneView.Legacy> mine = view.legacy(name).stream().filter(l -> !owner.isEmpty() && l.ownership().owner().equals(owner)).toList();
        if (mine.isEmpty()) {
            return Optional.empty();
        }
        for (RecordType t : view.typesAt(name)) {
            Owned key = new Owned(name, t);
            boolean reliesOnLegacy = t != RecordType.AAAA && !touched.contains(t) && !view.hasTypedOwnership(key)
                    && view.recordSets(key).stream().anyMatch(e -> e.metadata().owner().equals(owner));
            if (reliesOnLegacy) {
                return Optional.empty();
            }
        }
        DnsName txtName = mine.get(0).txtName();
        if (mine.stream().anyMatch(l -> !l.txtName().equals(txtName))
                || rendered.stream().anyMatch(r -> r.name().equals(txtName) && r.type() == RecordType.TXT)) {
            return Optional.empty(); // that RRset is rendered by this change already: left for a later pass
        }
        List<Record> current = view.raw(txtName, RecordType.TXT);
        List<Record> next = new ArrayList<>(current);
        mine.forEach(l -> next.remove(l.record()));
        return Optional.of(new RrsetChange(txtName, RecordType.TXT, current, next));
    }

    /** Applies one change to the record sets of one name and type; the reason it cannot, if it cannot. */
    private static Optional<Conflict> apply(Change c, List<Endpoint> sets, List<Ownership> orphans) {
        Endpoint subject = c.subject();
        String set = subject.setIdentifier();
        String owner = subject.metadata().owner();
        Optional<Endpoint> current = sets.stream().filter(s -> s.setIdentifier().equals(set)).findFirst();
        if (c instanceof Change.Create) {
            if (current.isPresent()) {
                return refuse("already exists, " + ownerText(current.get()));
            }
            Optional<Ownership> claim = orphans.stream().filter(o -> o.setIdentifier().equals(set) && !o.owner().equals(owner)).findFirst();
            if (claim.isPresent()) {
                return refuse("its ownership record names owner '" + claim.get().owner() + "', not '" + owner + "'");
            }
            orphans.removeIf(o -> o.setIdentifier().equals(set));
            sets.add(subject);
            return Optional.empty();
        }
        if (current.isEmpty()) {
            return refuse("does not exist");
        }
        String have = current.get().metadata().owner();
        Endpoint before = c instanceof Change.Replace r ? r.before() : subject;
        if (!before.metadata().owner().equals(have)) {
            return refuse("is " + ownerText(current.get()) + ", not by '" + before.metadata().owner() + "'");
        }
        // Adoption: a record set without owner taken over by an update (the registry decided it is ours).
        boolean adoption = have.isEmpty() && c instanceof Change.Replace;
        if (!have.equals(owner) && !adoption) {
            return refuse("is " + ownerText(current.get()) + ", not by '" + owner + "'");
        }
        boolean ttlMoved = before.hasTtl() && current.get().ttl() != before.ttl();
        if (!current.get().targets().equals(before.targets()) || ttlMoved) {
            return Optional.of(new Conflict("changed on the server since it was read (now " + current.get().targets()
                    + " ttl=" + current.get().ttl() + "), nothing of it was applied", true));
        }
        sets.remove(current.get());
        orphans.removeIf(o -> o.setIdentifier().equals(set) && o.owner().equals(owner));
        if (c instanceof Change.Replace) {
            sets.add(subject);
        }
        return Optional.empty();
    }

    private static Optional<Conflict> refuse(String why) {
        return Optional.of(new Conflict(why, false));
    }

    private static String ownerText(Endpoint e) {
        return e.metadata().hasOwner() ? "owned by '" + e.metadata().owner() + "'" : "with no owner";
    }

    /**
     * The RRset of {@code key} and its ownership RRset as they must become. Records that are not ours
     * to render (ownership records inside an RRset, other TXT data at the ownership name) are kept.
     */
    private static List<RrsetChange> render(ZoneView view, Owned key, List<Endpoint> sets, List<Ownership> orphans, long ttl) {
        DnsName name = key.name();
        Set<String> targets = new LinkedHashSet<>();
        sets.forEach(s -> targets.addAll(s.targets()));
        List<Record> next = new ArrayList<>();
        targets.forEach(t -> next.add(RecordCodec.toRecord(name, key.type(), ttl, t)));
        List<Record> current = view.raw(name, key.type());
        List<Record> kept = new ArrayList<>(current);
        kept.removeAll(view.ordinary(name, key.type()));
        kept.forEach(r -> next.add(withTtl(r, ttl)));

        DnsName txtName = Ownership.txtName(name, key.type(), view.zone(), view.names());
        List<Record> txtNext = new ArrayList<>();
        view.ordinary(txtName, RecordType.TXT).forEach(r -> txtNext.add(withTtl(r, ttl)));
        List<Ownership> owners = new ArrayList<>(orphans);
        sets.stream().filter(Ownership::needed).map(Ownership::of).forEach(owners::add);
        for (Ownership o : owners) {
            Record r = RecordCodec.txt(RecordCodec.name(txtName), ttl, o.format());
            if (!txtNext.contains(r)) {
                txtNext.add(r);
            }
        }
        boolean shared = shared(view.recordSets(key), sets, orphans, current);
        return List.of(new RrsetChange(name, key.type(), current, next, shared),
                new RrsetChange(txtName, RecordType.TXT, view.raw(txtName, RecordType.TXT), txtNext, shared));
    }

    /**
     * True when the RRset may be changed record by record: some record set in it has a set
     * identifier, and no record is claimed by two sets (before or after) or by an ownership record
     * whose set is not read back, so deleting one of this owner's records can never take another's.
     */
    static boolean shared(List<Endpoint> before, List<Endpoint> after, List<Ownership> orphans, List<Record> current) {
        boolean sets = before.stream().anyMatch(e -> !e.setIdentifier().isEmpty()) || after.stream().anyMatch(e -> !e.setIdentifier().isEmpty());
        boolean orphanClaims = current.stream().map(RecordCodec::target).anyMatch(t -> orphans.stream().anyMatch(o -> o.claims(t)));
        return sets && disjoint(before) && disjoint(after) && !orphanClaims;
    }

    private static boolean disjoint(List<Endpoint> sets) {
        Set<String> seen = new HashSet<>();
        return sets.stream().flatMap(e -> e.targets().stream()).allMatch(seen::add);
    }

    static Record withTtl(Record r, long ttl) {
        return Record.newRecord(r.getName(), r.getType(), r.getDClass(), ttl, r.rdataToWireCanonical());
    }
}
