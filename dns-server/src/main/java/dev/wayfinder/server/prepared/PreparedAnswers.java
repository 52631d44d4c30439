package dev.wayfinder.server.prepared;

import dev.wayfinder.server.answer.Answerer;
import dev.wayfinder.server.snapshot.SnapshotStore;
import dev.wayfinder.server.snapshot.ZoneSnapshot;
import dev.wayfinder.server.answer.PreparedChoice;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers prepared ahead (issue 15): for every name a snapshot holds data for, the reply the answerer gives
 * for each question type, kept in wire form; for names it holds nothing for, the NXDOMAIN (or SOA) reply of
 * their zone. A query the prepared answers can serve ({@link WireQuery}) costs reading its question, one
 * hash lookup and a copy, and allocates nothing.
 *
 * <p>Exactness: every prepared reply is the answerer's own, made with dnsjava's encoder for the question
 * in lower case, and reused only when the answerer reports it may be ({@link Answerer#reusableAnswer}:
 * it read nothing outside the name's own key path, no leases, no GSLB choice, no upstream). Compression
 * pointers into the question stay valid for every spelling of the name, and dnsjava compresses names
 * ignoring case, so the copy equals what the full path would send for that query, byte for byte, SOA
 * serial aside (set per query as the full path sets it). Everything else (wildcards, CNAME chains leaving
 * the name, GSLB names, leases, oversized or truncated replies, unusual queries) takes the full path.
 *
 * <p>Freshness: the prepared answers of a snapshot serve only while that snapshot is the store's current
 * one; between a new snapshot's publication and the update of the names it changed, the full path answers.
 * An update replaces the names at and above each changed key (their answers are made again on their next
 * question, or by the prefill), so it costs what changed.
 */
public final class PreparedAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(PreparedAnswers.class);
    static final int TCP_MAX = 65535;
    private static final int UDP_MIN = 512;

    /** The answers of one snapshot. */
    private record Version(ZoneSnapshot snapshot, NameTable table) {
    }

    private final Preparer preparer;
    private final DirectAnswers direct;
    private final String root;
    private final SnapshotStore store;
    private final Clock clock;
    private final boolean serialFromRevision;
    private final int maxUdpSize;
    private final SnapshotNames names;
    private final ZoneMatch zones;
    /** Per zone, per offset of the zone in the name, per slot: the reply for a name holding no data. */
    private final AtomicReferenceArray<PreparedAnswer> absent;
    /** The same with NOERROR: NODATA for a name holding data, none of the asked type (shared by all such names). */
    private final AtomicReferenceArray<PreparedAnswer> noData;
    private final Prefill prefill;
    /** The prefill's own query, per thread (it runs on the publishing thread for small changes, else its own). */
    private final ThreadLocal<WireQuery> prefillQueries = ThreadLocal.withInitial(WireQuery::new);
    private volatile Version current;

    /**
     * Prepared answers of {@code answerer} over {@code store}'s snapshots, kept current from now on.
     *
     * @param serialFromRevision the SOA serial is the snapshot's etcd revision (zone transfers on), else the clock's second
     * @param maxUdpSize         {@code --max-udp-size}: the largest UDP reply
     */
    public PreparedAnswers(Answerer answerer, SnapshotStore store, Clock clock, boolean serialFromRevision, int maxUdpSize) {
        this.preparer = new Preparer(answerer, maxUdpSize);
        this.direct = new DirectAnswers(answerer.policy(), maxUdpSize);
        this.root = answerer.root();
        this.store = store;
        this.clock = clock;
        this.serialFromRevision = serialFromRevision;
        this.maxUdpSize = maxUdpSize;
        List<String> zoneList = answerer.zones();
        this.names = new SnapshotNames(answerer.root(), zoneList);
        this.zones = new ZoneMatch(zoneList);
        this.absent = new AtomicReferenceArray<>(zones.size() * 256 * Slot.COUNT);
        this.noData = new AtomicReferenceArray<>(zones.size() * 256 * Slot.COUNT);
        this.prefill = new Prefill(this::prefillOne);
        store.onPublish(this::updateOrLeave);
        if (store.isLoaded()) {
            updateOrLeave(store.current());
        }
    }

    /** {@link #update}; should it fail, the prepared answers stay behind the store, so the full path answers everything. */
    private void updateOrLeave(ZoneSnapshot published) {
        try {
            update(published);
        } catch (RuntimeException e) {
            LOG.warn("Could not prepare the answers of revision {}; the full path answers until the next change", published.revision(), e);
        }
    }

    /**
     * Writes the reply to the {@code length}-byte query into {@code out} (at least 65,535 bytes) and returns
     * its length, or -1 when this query takes the full path. {@code q} is the calling thread's own, reused
     * from query to query; the reply's rcode and the question's type are then in it.
     */
    public int answer(byte[] query, int length, boolean tcp, byte[] out, WireQuery q, InetAddress client) {
        Version v = current;
        if (v == null || v.snapshot() != store.current() || !q.read(query, length)) {
            return -1;
        }
        int zone = zones.zoneOf(q);
        if (zone < 0 || (q.qtype >= 249 && q.qtype <= 252)) {
            return -1; // outside the zones (REFUSED), or TKEY, TSIG, IXFR, AXFR
        }
        int slot = Slot.of(q.qtype);
        PreparedAnswer a;
        long place = v.table().find(q.name, q.nameLength, q.hash);
        if (place >= 0) {
            a = v.table().answer(place, slot);
            if (a == null) {
                a = make(v.snapshot(), q, slot);
                v.table().keep(place, slot, a);
            }
        } else {
            if (ZoneMatch.belowSpecialLabel(q)) {
                return -1; // below dns. or hostmaster.: the SOA's names would compress into the question
            }
            a = absent(zone, q.zoneAt, slot, q.qtype);
        }
        PreparedChoice choice = a.choice;
        if (choice != null) {
            a = a.outcomes[choice.pick(client)]; // a GSLB name: the policy's draw, among replies made ahead
        }
        if (a == PreparedAnswer.FULL_PATH) {
            return -1;
        }
        int payload = q.edns ? Math.min(maxUdpSize, Math.max(UDP_MIN, q.udpPayload)) : -1;
        int limit = tcp ? TCP_MAX : q.edns ? payload : UDP_MIN;
        if (a.length(q) + (q.edns ? 11 : 0) > limit) {
            return -1; // the full path truncates
        }
        long serial = !a.hasSerial() ? 0 : serialFromRevision ? v.snapshot().revision() & 0xffff_ffffL
                : Math.floorDiv(clock.millis(), 1000) & 0xffff_ffffL;
        q.rcode = a.rcode();
        int n = a.write(query, q, out, serial, payload);
        if (choice != null && choice.shuffled()) {
            a.shuffleAnswers(out, q, choice, q.swap);
        }
        return n;
    }

    /** NODATA for a name of zone {@code zone} starting at {@code zoneAt} (its zone's NXDOMAIN with NOERROR), or null. */
    private PreparedAnswer noData(int zone, int zoneAt, int slot) {
        int i = (zone * 256 + zoneAt) * Slot.COUNT + slot;
        PreparedAnswer a = noData.get(i);
        if (a == null) {
            PreparedAnswer nx = absent(zone, zoneAt, slot, Slot.typeOf(slot));
            a = nx == PreparedAnswer.FULL_PATH ? nx : nx.withRcode(0);
            noData.set(i, a);
        }
        return a == PreparedAnswer.FULL_PATH ? null : a;
    }

    private PreparedAnswer absent(int zone, int zoneAt, int slot, int qtype) {
        int i = (zone * 256 + zoneAt) * Slot.COUNT + slot;
        PreparedAnswer a = absent.get(i);
        if (a == null) {
            a = preparer.prepare(ZoneSnapshot.empty(), zones.syntheticName(zone, zoneAt), -1, qtype, false);
            absent.set(i, a);
        }
        return a;
    }

    /** Brings the prepared answers up to the store's current snapshot (on the publishing thread, told of {@code published}). */
    private synchronized void update(ZoneSnapshot published) {
        long started = System.nanoTime();
        ZoneSnapshot snapshot = store.current();
        Version before = current;
        if (before != null && before.snapshot() == snapshot) {
            return;
        }
        SnapshotNames.Delta delta = before == null ? null : names.delta(before.snapshot(), snapshot);
        if (delta == null || delta.changedKeys() > Math.max(1_000, snapshot.size() / 4)) {
            List<byte[]> all = names.all(snapshot);
            current = new Version(snapshot, NameTable.of(all));
            long listed = System.nanoTime();
            if (all.size() <= Prefill.INLINE_WHOLE) {
                all.forEach(this::prefillOne);
            } else {
                prefill.add(all, true);
            }
            LOG.info("Prepared answers: {} names of {} keys at revision {} listed in {} ms{}", all.size(), snapshot.size(),
                    snapshot.revision(), (listed - started) / 1_000_000, all.size() <= Prefill.INLINE_WHOLE
                            ? ", addresses prepared in " + (System.nanoTime() - listed) / 1_000_000 + " ms" : "; addresses being prepared");
            return;
        }
        current = new Version(snapshot, before.table().with(delta.present(), delta.absent()));
        if (delta.present().size() <= Prefill.INLINE) {
            delta.present().forEach(this::prefillOne);
        } else {
            prefill.add(delta.present(), false);
        }
        LOG.debug("Prepared answers: {} changed keys at revision {}, {} names renewed, {} gone, in {} µs", delta.changedKeys(),
                snapshot.revision(), delta.present().size(), delta.absent().size(), (System.nanoTime() - started) / 1_000);
    }

    /**
     * Makes the answer in {@code slot} for the name of {@code q} (which holds data in {@code snapshot}): addresses by
     * {@link DirectAnswers} when it can, everything else by the answerer.
     */
    private PreparedAnswer make(ZoneSnapshot snapshot, WireQuery q, int slot) {
        boolean apex = ZoneMatch.isApex(q);
        if ((slot == Slot.A || slot == Slot.AAAA) && !apex) {
            PreparedAnswer a = withNoData(direct.address(snapshot, Preparer.path(root, q.name, q.nameLength), slot == Slot.AAAA,
                    q.nameLength + 4), q, slot);
            if (a != null) {
                return a;
            }
        }
        return preparer.prepare(snapshot, q.name, q.nameLength, slot == Slot.OTHER ? q.qtype : Slot.typeOf(slot), apex);
    }

    /** {@code a} with {@link DirectAnswers#NO_DATA} (its own, or an outcome's) made NODATA for the name of {@code q}; null when it cannot be. */
    private PreparedAnswer withNoData(PreparedAnswer a, WireQuery q, int slot) {
        if (a == DirectAnswers.NO_DATA) {
            return ZoneMatch.belowSpecialLabel(q) ? null : noData(q.zone, q.zoneAt, slot);
        }
        if (a != null && a.choice != null) {
            for (int i = 0; i < a.outcomes.length; i++) {
                a.outcomes[i] = withNoData(a.outcomes[i], q, slot);
                if (a.outcomes[i] == null) {
                    return null;
                }
            }
        }
        return a;
    }

    /**
     * Prepares a name's A and AAAA answers ahead of its first question, in the current version. A leaf (one key's
     * own name, nothing below it: in Wayfinder's layout a target's hash label, which clients seldom ask) waits for
     * its first question, which keeps the heap small.
     */
    private void prefillOne(byte[] name) {
        Version v = current;
        long place = v.table().find(name, name.length, NameTable.hash(name));
        if (place < 0) {
            return;
        }
        String path = Preparer.path(root, name, name.length);
        if (v.snapshot().countAtOrBelow(path) == 1 && v.snapshot().exact(path) != null && !zones.isApex(name)) {
            return;
        }
        WireQuery q = prefillQueries.get();
        byte[] query = q.scratch;
        Arrays.fill(query, 0, WireQuery.HEADER, (byte) 0);
        query[5] = 1;
        System.arraycopy(name, 0, query, WireQuery.HEADER, name.length);
        int end = WireQuery.HEADER + name.length;
        query[end] = 0;
        query[end + 1] = 1; // type A: the slot decides what is made
        query[end + 2] = 0;
        query[end + 3] = 1;
        if (!q.read(query, end + 4) || zones.zoneOf(q) < 0) {
            return;
        }
        for (int slot : Prefill.SLOTS) {
            if (v.table().answer(place, slot) == null) {
                v.table().keep(place, slot, make(v.snapshot(), q, slot));
            }
        }
    }

    /** True once the answers of the store's current snapshot are listed (they may still be being prepared). */
    public boolean isCurrent() {
        Version v = current;
        return v != null && v.snapshot() == store.current();
    }

    /** Names listed in the current version. */
    public int names() {
        Version v = current;
        return v == null ? 0 : v.table().size();
    }

    /**
     * Names to warm up with (lower-case wire form): up to {@code max} names of the current snapshot, and one
     * absent name per zone.
     */
    public List<byte[]> warmUpNames(int max) {
        Version v = current;
        List<byte[]> out = new java.util.ArrayList<>(v == null ? List.of() : v.table().names(max));
        for (int z = 0; z < zones.size(); z++) {
            out.add(zones.absentName(z));
        }
        return out;
    }

    /**
     * Waits, at most {@code max}, until the answers of the current snapshot are listed and nothing is being prepared
     * ahead any more; true when so.
     */
    public boolean awaitPrepared(java.time.Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!isCurrent()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return prefill.awaitIdle(Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
    }

    /** Stops preparing in the background. */
    public void close() {
        prefill.stop();
    }
}
