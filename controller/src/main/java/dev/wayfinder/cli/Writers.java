package dev.wayfinder.cli;

import dev.wayfinder.config.ControllerConfig;
import dev.wayfinder.controller.WriterIdentity;
import dev.wayfinder.provider.DomainFilter;
import dev.wayfinder.provider.etcd.EtcdProvider;
import dev.wayfinder.provider.etcd.EtcdWriterPresence;
import dev.wayfinder.provider.writers.Writer;
import dev.wayfinder.provider.writers.WriterPresence;
import dev.wayfinder.registry.LeaseWriterPresence;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How each provider's controller tells whether another live writer has its owner id (issue 14): etcd
 * holds a lease-bound key per writer beside the records; for RFC 2136, whose medium cannot hold one
 * without a zone change every few seconds, a Kubernetes Lease per writer in this controller's namespace.
 * Dry runs write nothing, so they register nothing.
 */
final class Writers {

    /** How long a writer that died stays registered; also how long a verdict is trusted without news. */
    static final Duration TTL = Duration.ofSeconds(10);
    /** How often the registration is renewed and the others are read: a second writer is seen within about this. */
    static final Duration INTERVAL = Duration.ofSeconds(1);

    private Writers() {
    }

    static WriterPresence presence(ControllerConfig config, KubernetesClient client, Providers.Opened opened, WriterIdentity id) {
        if (config.dryRun()) {
            return WriterPresence.NONE;
        }
        ControllerConfig.LeaderElection election = config.leaderElection();
        String elected = election.enabled() ? election.namespace() + "/" + election.leaseName() : "";
        return switch (opened.kind()) {
            case COREDNS -> new EtcdWriterPresence(((EtcdProvider) opened.provider()).session(), config.ownerId(),
                    writer(id, "etcd " + config.corednsPrefix(), opened.scope(), elected), TTL, INTERVAL, Clock.systemUTC());
            case RFC2136 -> new LeaseWriterPresence(client, leaseNamespace(config, id), config.ownerId(),
                    writer(id, "rfc2136 " + config.rfc2136().map(r -> r.hosts() + ":" + r.port() + " " + r.zones()).orElse(""),
                            opened.scope(), elected), TTL, INTERVAL, Clock.systemUTC());
            case INMEMORY -> WriterPresence.NONE;
        };
    }

    /** The Pod's own namespace when the downward API gives it, else the leader election's (the flag's default). */
    private static String leaseNamespace(ControllerConfig config, WriterIdentity id) {
        return id.pod().map(p -> p.namespace()).orElse(config.leaderElection().namespace());
    }

    private static Writer writer(WriterIdentity id, String area, DomainFilter scope, String election) {
        return new Writer(id.instance(), id.host(), 0, area, scope.include(), election, Instant.now());
    }
}
