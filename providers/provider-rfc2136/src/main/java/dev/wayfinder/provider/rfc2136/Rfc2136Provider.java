package dev.wayfinder.provider.rfc2136;

import dev.wayfinder.model.Changes;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.txt.TxtNames;
import dev.wayfinder.provider.DnsProvider;
import dev.wayfinder.provider.DomainFilter;
import dev.wayfinder.provider.ProviderException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * Publishes record sets on an RFC 2136 server (BIND, Windows DNS): reads each zone by AXFR, writes
 * through dynamic UPDATE with TSIG, and keeps ownership in ExternalDNS-compatible TXT records (see
 * {@link Ownership}), so it shares a zone with ExternalDNS and other owners without touching their records.
 *
 * <p>An apply first validates everything it was given (domain filter, zone, record syntax) and
 * refuses the whole batch before any I/O when something is wrong. It then reads each zone, plans
 * each name against what the server holds, and sends one UPDATE per batch of whole names, each
 * RRset guarded by a prerequisite on its current content. A name whose change conflicts with the
 * server's state (another owner, already there, missing) is not sent; the other names are, and the
 * error lists every name that was not applied.
 */
public final class Rfc2136Provider implements DnsProvider {

    private static final Logger log = LoggerFactory.getLogger(Rfc2136Provider.class);

    private final Rfc2136Config config;
    private final DomainFilter filter;
    private final Rfc2136Client client;
    private final TxtNames names;

    /** A provider over dnsjava, or over {@link GssTsigTransport} when the config asks for GSS-TSIG. */
    public Rfc2136Provider(Rfc2136Config config, DomainFilter filter) {
        this(config, filter, TxtNames.DEFAULT);
    }

    /** With ownership records named by {@code --txt-prefix}/{@code --txt-suffix} ({@code names}). */
    public Rfc2136Provider(Rfc2136Config config, DomainFilter filter, TxtNames names) {
        this(config, filter, config.gssTsig()
                ? new GssTsigTransport(config.kerberosPrincipal(), config.kerberosPassword(), java.time.Clock.systemUTC())
                : DnsTransport.dnsjava(), names);
    }

    public Rfc2136Provider(Rfc2136Config config, DomainFilter filter, DnsTransport transport) {
        this(config, filter, transport, TxtNames.DEFAULT);
    }

    public Rfc2136Provider(Rfc2136Config config, DomainFilter filter, DnsTransport transport, TxtNames names) {
        List<String> violations = new ArrayList<>(config.validate());
        names.problem().ifPresent(violations::add);
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException("invalid rfc2136 configuration: " + String.join("; ", violations));
        }
        this.config = config;
        this.filter = filter;
        this.client = new Rfc2136Client(config, transport);
        this.names = names;
    }

    /** Ownership lives in this provider's own TXT records: the registry must neither read nor write them. */
    @Override
    public boolean keepsOwnershipRecords() {
        return true;
    }

    @Override
    public String name() {
        return "rfc2136";
    }

    @Override
    public DomainFilter domainFilter() {
        return filter;
    }

    @Override
    public List<Endpoint> records() throws ProviderException {
        List<Endpoint> out = new ArrayList<>();
        for (DnsName zone : config.zones()) {
            if (Zones.overlaps(zone, filter)) {
                read(zone).endpoints().stream().filter(e -> filter.matches(e.name())).forEach(out::add);
            }
        }
        out.sort(Comparator.comparing(Endpoint::key));
        return out;
    }

    /**
     * The written form: canonical target text and the TTL actually written (default, then the minimum).
     * A SkyDNS group means nothing here (ExternalDNS also keeps only the selected provider's properties).
     */
    @Override
    public Endpoint adjust(Endpoint desired) {
        return canonical(desired).withTtl(writtenTtl(desired.ttl())).withMetadata(desired.metadata().withGroup(""));
    }

    /** The targets in the text records() reads back (lower-case names, compressed IPv6…). */
    private static Endpoint canonical(Endpoint e) {
        List<String> targets = new ArrayList<>();
        for (String t : e.targets()) {
            try {
                targets.add(RecordCodec.target(RecordCodec.toRecord(e.name(), e.type(), 0, t)));
            } catch (RuntimeException ex) {
                targets.add(t); // apply refuses it with the reason; this only normalises
            }
        }
        return e.withTargets(targets);
    }

    long writtenTtl(long ttl) {
        long base = ttl == Endpoint.TTL_UNSET ? Rfc2136Config.DEFAULT_TTL : ttl;
        return Math.max(base, config.minTtl().toSeconds());
    }

    @Override
    public void apply(Changes changes) throws ProviderException {
        if (changes.isEmpty()) {
            return;
        }
        List<String> invalid = Validation.problems(changes, filter, config.zones(), names);
        if (!invalid.isEmpty()) {
            throw ProviderException.permanent("refused the whole batch, nothing was sent: " + String.join("; ", invalid));
        }
        Map<DnsName, Map<DnsName, List<Change>>> byZone = new LinkedHashMap<>();
        for (Change c : Change.of(changes, this::adjust, Rfc2136Provider::canonical)) {
            DnsName zone = Zones.zoneOf(c.subject().name(), config.zones()).orElseThrow();
            byZone.computeIfAbsent(zone, z -> new LinkedHashMap<>())
                    .computeIfAbsent(c.subject().name(), n -> new ArrayList<>()).add(c);
        }
        Failures failures = new Failures();
        for (Map.Entry<DnsName, Map<DnsName, List<Change>>> zone : byZone.entrySet()) {
            try {
                applyZone(zone.getKey(), zone.getValue(), failures);
            } catch (ProviderException e) {
                failures.add(e, "zone " + zone.getKey() + " not changed: " + e.getMessage(), zone.getValue().keySet());
            }
        }
        failures.throwIfAny();
    }

    private void applyZone(DnsName zone, Map<DnsName, List<Change>> byName, Failures failures) throws ProviderException {
        ZoneView view = read(zone);
        List<NameUpdate> updates = new ArrayList<>();
        byName.forEach((name, changes) -> {
            NamePlanner.Outcome o = NamePlanner.plan(view, name, changes);
            for (NamePlanner.Conflict c : o.conflicts()) {
                log.warn("UPDATE zone {} not sent for {}: {}", zone, name, c.message());
                failures.add(c.stale() ? ProviderException.Kind.TRANSIENT : ProviderException.Kind.PERMANENT, "zone " + zone + ": " + c.message(),
                        List.of(name));
            }
            o.update().filter(u -> !u.rrsets().isEmpty()).ifPresent(updates::add);
        });
        List<List<NameUpdate>> batches = UpdateMessages.batches(updates, config.batchChangeSize());
        for (int i = 0; i < batches.size(); i++) {
            try {
                send(zone, batches.get(i), failures);
            } catch (ProviderException e) {
                // After a timeout the server may have applied the message; the next read tells.
                List<NameUpdate> unsent = batches.subList(i, batches.size()).stream().flatMap(List::stream).toList();
                failures.add(e, e.getMessage() + "; not confirmed applied: " + names(unsent), unsent.stream().map(NameUpdate::name).toList());
                if (!e.isTransient()) {
                    return; // a refused key or zone refuses every further message the same way
                }
            }
        }
    }

    /** One UPDATE message; a failed prerequisite in a batch of several names is retried name by name. */
    private void send(DnsName zone, List<NameUpdate> batch, Failures failures) throws ProviderException {
        Message response = client.update(zone, UpdateMessages.build(zone, batch));
        int rcode = response.getRcode();
        if (rcode == Rcode.NOERROR) {
            batch.forEach(u -> u.changes().forEach(c -> log.info("UPDATE zone {}: {}", zone, c.describe())));
            return;
        }
        if (batch.size() > 1) {
            log.info("UPDATE zone {} for {} names failed its prerequisites ({}); sending them one by one",
                    zone, batch.size(), Rcode.string(rcode));
            for (NameUpdate u : batch) {
                send(zone, List.of(u), failures);
            }
            return;
        }
        NameUpdate u = batch.get(0);
        log.warn("UPDATE zone {} for {} failed its prerequisites ({}): the name changed since it was read", zone, u.name(), Rcode.string(rcode));
        failures.add(ProviderException.Kind.TRANSIENT, "zone " + zone + ": " + u.name() + " changed on the server since it was read ("
                + Rcode.string(rcode) + "), nothing of it was applied: " + u.changes().stream().map(Change::describe).toList(), List.of(u.name()));
    }

    private ZoneView read(DnsName zone) throws ProviderException {
        List<DnsName> nested = config.zones().stream().filter(z -> !z.equals(zone) && z.isAtOrBelow(zone)).toList();
        return new ZoneView(zone, client.transfer(zone), nested, names);
    }

    private static String names(List<NameUpdate> updates) {
        return updates.stream().map(u -> u.name().toString()).distinct().toList().toString();
    }

    @Override
    public String toString() {
        return "Rfc2136Provider{" + config + ", filter=" + filter + "}";
    }

    /** Collects the failures of one apply, by name: transient when every part is, the names not applied listed. */
    private static final class Failures {
        private final List<String> messages = new ArrayList<>();
        private final Map<DnsName, ProviderException.NameFailure> names = new LinkedHashMap<>();
        private Optional<Throwable> cause = Optional.empty();

        void add(ProviderException.Kind kind, String message, Collection<DnsName> affected) {
            messages.add(message);
            boolean retryable = kind == ProviderException.Kind.TRANSIENT;
            // A name that failed for good stays failed for good, whatever else happened to it.
            affected.forEach(n -> names.merge(n, new ProviderException.NameFailure(n, message, retryable),
                    (a, b) -> a.retryable() ? b : a));
        }

        void add(ProviderException e, String message, Collection<DnsName> affected) {
            add(e.kind(), message, affected);
            cause = cause.or(() -> Optional.of(e));
        }

        void throwIfAny() throws ProviderException {
            if (!messages.isEmpty()) {
                throw ProviderException.partial(String.join("; ", messages), List.copyOf(names.values()), cause.orElse(null));
            }
        }
    }
}
