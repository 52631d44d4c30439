package dev.wayfinder.registry;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.provider.writers.PolledWriterPresence;
import dev.wayfinder.provider.writers.Writer;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A controller's presence as a writer with its owner id, for providers whose medium cannot hold it
 * (RFC 2136): one {@code coordination.k8s.io/v1} Lease per writer, labelled with a hash of the owner
 * id, renewed every {@code interval}; a writer whose Lease is not renewed for {@code ttl} is gone.
 * The Lease's {@code acquireTime} is the writer's place in line.
 *
 * <p>Why a Lease and not a TXT heartbeat in the zone: a heartbeat is an UPDATE every few seconds,
 * each one a new SOA serial, a NOTIFY and a zone transfer to every secondary (and, with Windows DNS,
 * Active Directory replication), to detect within seconds. The Lease costs the DNS server nothing; it
 * detects writers in one cluster (the usual mistake: a second installation, or replicas without
 * {@code --leader-elect}), not a writer in another cluster with the same owner id.
 *
 * <p>Liveness compares the other writer's {@code renewTime} with this clock, so clocks in one cluster
 * must agree within {@code ttl} minus {@code interval}. Leases expired for {@code 10 × ttl} are deleted.
 */
public final class LeaseWriterPresence extends PolledWriterPresence {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseWriterPresence.class);
    static final String OWNER_LABEL = "wayfinder.dev/writer-owner";
    private static final String A = "wayfinder.dev/";

    private final KubernetesClient client;
    private final String namespace;
    private final String ownerId;
    private final Clock clock;
    private volatile boolean created;
    private boolean forbiddenLogged;

    public LeaseWriterPresence(KubernetesClient client, String namespace, String ownerId, Writer me, Duration ttl, Duration interval,
                               Clock clock) {
        super("lease-writer-presence", me, ttl, interval, clock);
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.ownerId = Objects.requireNonNull(ownerId, "ownerId");
        this.clock = clock;
    }

    /** The label value shared by every writer's Lease for {@code ownerId}: a hash, since owner ids need not fit a label. */
    static String ownerLabel(String ownerId) {
        return hash(ownerId, 16);
    }

    /** This writer's Lease name: a DNS label whatever the owner id and instance. */
    String leaseName() {
        return "wayfinder-writer-" + hash(ownerId, 10) + "-" + hash(me.instance(), 10);
    }

    private static String hash(String s, int chars) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8))).substring(0, chars);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always there", e);
        }
    }

    @Override
    protected List<Writer> round() {
        ZonedDateTime now = ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        try {
            renew(now);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 403 && e.getCode() != 404) {
                throw e;
            }
            // Not allowed to keep Leases (an older RBAC): detection is off, and that must not stop publishing.
            if (!forbiddenLogged) {
                LOG.error("Cannot keep a writer Lease in namespace {} ({} {}): a second writer with owner id {} will not be detected; "
                        + "grant get, list, create, patch and delete on coordination.k8s.io leases there", namespace, e.getCode(),
                        e.getStatus() == null ? "" : e.getStatus().getReason(), ownerId);
                forbiddenLogged = true;
            }
            return List.of(me);
        }
        forbiddenLogged = false;
        List<Writer> live = new ArrayList<>();
        for (Lease l : client.resources(Lease.class).inNamespace(namespace).withLabel(OWNER_LABEL, ownerLabel(ownerId)).list().getItems()) {
            writer(l, now).ifPresentOrElse(live::add, () -> collect(l, now));
        }
        return live;
    }

    /** Creates this writer's Lease, or moves its renewTime; a Lease deleted meanwhile is created again (a new place in line). */
    private void renew(ZonedDateTime now) {
        var lease = client.resources(Lease.class).inNamespace(namespace).withName(leaseName());
        if (lease.get() == null) {
            client.resources(Lease.class).inNamespace(namespace).resource(build(now)).create();
            created = true;
            LOG.info("Registered as a writer with owner id {}: Lease {}/{} ({} s)", ownerId, namespace, leaseName(), ttl.toSeconds());
            return;
        }
        lease.edit(l -> new LeaseBuilder(l).editSpec().withRenewTime(now).endSpec().build());
    }

    private Lease build(ZonedDateTime now) {
        return new LeaseBuilder().withNewMetadata().withName(leaseName()).withNamespace(namespace)
                .addToLabels(OWNER_LABEL, ownerLabel(ownerId))
                .addToLabels("app.kubernetes.io/managed-by", "wayfinder")
                .addToAnnotations(Map.of(A + "owner-id", ownerId, A + "instance", me.instance(), A + "host", me.host(),
                        A + "area", me.area(), A + "domains", String.join(",", me.domains().stream().map(DnsName::toString).toList()),
                        A + "election", me.election()))
                .endMetadata()
                .withNewSpec().withHolderIdentity(me.instance()).withLeaseDurationSeconds((int) ttl.toSeconds())
                .withAcquireTime(now).withRenewTime(now).endSpec().build();
    }

    /** The writer a live Lease stands for; empty when it has expired (or is not a writer's). */
    private Optional<Writer> writer(Lease l, ZonedDateTime now) {
        var spec = l.getSpec();
        Map<String, String> a = Objects.requireNonNullElse(l.getMetadata().getAnnotations(), Map.of());
        if (spec == null || spec.getRenewTime() == null || spec.getAcquireTime() == null || spec.getHolderIdentity() == null) {
            return Optional.empty();
        }
        int seconds = Objects.requireNonNullElse(spec.getLeaseDurationSeconds(), (int) ttl.toSeconds());
        if (!spec.getRenewTime().plusSeconds(seconds).isAfter(now)) {
            return Optional.empty();
        }
        Instant acquire = spec.getAcquireTime().toInstant();
        long order = ChronoUnit.MICROS.between(Instant.EPOCH, acquire);
        String domains = a.getOrDefault(A + "domains", "");
        List<DnsName> names = domains.isBlank() ? List.of() : Arrays.stream(domains.split(",")).map(DnsName::of).toList();
        return Optional.of(new Writer(spec.getHolderIdentity(), a.getOrDefault(A + "host", ""), order, a.getOrDefault(A + "area", ""), names,
                a.getOrDefault(A + "election", ""), acquire));
    }

    /** A writer that died without deleting its Lease leaves it behind; removed once long expired. */
    private void collect(Lease l, ZonedDateTime now) {
        var spec = l.getSpec();
        if (spec != null && spec.getRenewTime() != null && spec.getRenewTime().plus(ttl.multipliedBy(10)).isBefore(now)) {
            try {
                client.resources(Lease.class).inNamespace(namespace).resource(l).delete();
                LOG.info("Deleted the long-expired writer Lease {}/{} of {}", namespace, l.getMetadata().getName(), spec.getHolderIdentity());
            } catch (KubernetesClientException e) {
                LOG.debug("Could not delete the expired Lease {}: {}", l.getMetadata().getName(), e.toString());
            }
        }
    }

    /** Deletes this writer's Lease, so a writer standing by may take over at once. */
    @Override
    protected void unregister() {
        if (!created) {
            return;
        }
        try {
            client.resources(Lease.class).inNamespace(namespace).withName(leaseName()).delete();
            LOG.info("Unregistered writer {} (owner id {}): Lease {}/{} deleted", me.instance(), ownerId, namespace, leaseName());
        } catch (KubernetesClientException e) {
            LOG.info("Could not delete the writer Lease {}/{} ({}); it expires within {} s", namespace, leaseName(), e.toString(),
                    ttl.toSeconds());
        }
    }
}
