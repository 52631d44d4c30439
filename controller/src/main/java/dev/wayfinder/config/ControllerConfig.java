package dev.wayfinder.config;

import dev.wayfinder.gslb.settings.GslbSettings;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.GoDuration;
import dev.wayfinder.plan.Policy;
import dev.wayfinder.provider.DomainFilter;
import dev.wayfinder.provider.etcd.EtcdConnection;
import dev.wayfinder.provider.rfc2136.Rfc2136Config;
import dev.wayfinder.registry.DeletionGuard;
import dev.wayfinder.registry.RegistrySettings;
import dev.wayfinder.source.Selector;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The controller's configuration, checked: one immutable value built once at start-up. Its
 * {@link #toString()} is safe to log (the etcd password and the TSIG secret are redacted).
 */
public record ControllerConfig(
        Set<SourceKind> sources,
        List<ProviderKind> providers,
        DomainFilter domainFilter,
        String ownerId,
        Policy policy,
        Duration interval,
        boolean once,
        boolean dryRun,
        Optional<String> namespace,
        Selector annotationFilter,
        Selector labelFilter,
        Optional<Path> kubeconfig,
        String corednsPrefix,
        long defaultTtl,
        Optional<InetSocketAddress> metricsAddress,
        DeletionGuard deletionGuard,
        LeaderElection leaderElection,
        Optional<InetSocketAddress> serveDns,
        EtcdConnection etcd,
        Optional<Rfc2136Config> rfc2136,
        Optional<GslbSettings> gslb,
        Loop loop,
        RegistrySettings registry) {

    /**
     * How the sources read objects and how the loop paces itself.
     *
     * @param sources              ExternalDNS's source flags
     * @param minTtl               {@code --min-ttl} seconds for records whose object sets no TTL; 0: none
     * @param providerCacheTime    {@code --provider-cache-time}: how long a provider read is reused; zero: up to the interval
     * @param minEventSyncInterval {@code --min-event-sync-interval}: shortest time between event-triggered passes
     */
    public record Loop(dev.wayfinder.source.SourceOptions sources, long minTtl, Duration providerCacheTime, Duration minEventSyncInterval) {
        public static final Loop DEFAULTS = new Loop(dev.wayfinder.source.SourceOptions.DEFAULTS, 0, Duration.ZERO, Duration.ZERO);
    }

    /** Leader election on a Lease: on or off, and which Lease. */
    public record LeaderElection(boolean enabled, String namespace, String leaseName) {
    }

    public ControllerConfig {
        sources = Set.copyOf(sources);
        providers = List.copyOf(providers);
    }

    /**
     * The names one provider is responsible for: the domain filter, narrowed for RFC 2136 to its
     * zones, so a name outside them is neither written nor deleted there.
     */
    public DomainFilter domainFilterFor(ProviderKind kind) {
        return kind == ProviderKind.RFC2136 && rfc2136.isPresent()
                ? Rfc2136Settings.scope(domainFilter, rfc2136.get().zones()) : domainFilter;
    }

    /** Checks every setting and reports every violation together. */
    public static ControllerConfig from(RawSettings raw) throws InvalidConfigException {
        List<String> violations = new ArrayList<>();
        Set<SourceKind> sources = EnumSet.noneOf(SourceKind.class);
        if (raw.sources().isEmpty()) {
            violations.add("--source: at least one source is required (service, ingress, crd, node, pod, gslb)");
        }
        for (String s : raw.sources()) {
            for (String part : s.split(",")) {
                check(violations, () -> sources.add(SourceKind.parse(part)));
            }
        }
        List<ProviderKind> providers = providers(raw, violations);
        // A k8gb deployment names its zones in DNS_ZONES / DNS_ZONE only; they are what it publishes in.
        List<String> include = split(raw.domainFilters()).isEmpty() && sources.contains(SourceKind.GSLB) && raw.gslb() != null
                ? raw.gslb().k8gbZones() : split(raw.domainFilters());
        List<String> exclude = split(raw.excludeDomains());
        for (String d : include) {
            check(violations, () -> DnsName.of(d.startsWith(".") ? d.substring(1) : d), "--domain-filter");
        }
        for (String d : exclude) {
            check(violations, () -> DnsName.of(d.startsWith(".") ? d.substring(1) : d), "--exclude-domains");
        }
        RawSources sf = raw.sourceFlags();
        boolean regex = !blank(sf.regexDomainFilter()) || !blank(sf.regexDomainExclusion());
        DomainFilter filter = regex ? check(violations, () -> DomainFilter.regex(sf.regexDomainFilter(), sf.regexDomainExclusion()),
                "--regex-domain-filter") : check(violations, () -> DomainFilter.of(include, exclude));
        Loop loop = new Loop(SourceSettings.parse(sf, violations), SourceSettings.minTtl(sf, violations),
                SourceSettings.duration("--provider-cache-time", sf.providerCacheTime(), violations),
                SourceSettings.duration("--min-event-sync-interval", sf.minEventSyncInterval(), violations));
        if (raw.ownerId() == null || raw.ownerId().isBlank()) {
            violations.add("--txt-owner-id: must not be empty");
        } else if (!raw.ownerId().matches("[A-Za-z0-9._-]{1,63}")) {
            violations.add("--txt-owner-id: '" + raw.ownerId() + "' must be 1-63 letters, digits, '.', '_' or '-'");
        }
        Policy policy = check(violations, () -> Policy.parse(raw.policy()), "--policy");
        Duration interval = check(violations, () -> GoDuration.parse(raw.interval()), "--interval");
        if (interval != null && interval.isZero()) {
            violations.add("--interval: must be longer than zero");
        }
        Selector annotations = check(violations, () -> Selector.parse(raw.annotationFilter()), "--annotation-filter");
        if (!loop.sources().ingressClasses().isEmpty() && raw.annotationFilter() != null
                && raw.annotationFilter().contains("kubernetes.io/ingress.class")) {
            // ingress.go NewIngressSource refuses the same combination.
            violations.add("--ingress-class: mutually exclusive with the kubernetes.io/ingress.class annotation filter");
        }
        Selector labels = check(violations, () -> Selector.parse(raw.labelFilter()), "--label-filter");
        Optional<Path> kubeconfig = blank(raw.kubeconfig()) ? Optional.empty() : Optional.of(Path.of(raw.kubeconfig()));
        kubeconfig.filter(p -> !Files.isReadable(p)).ifPresent(p -> violations.add("--kubeconfig: cannot read " + p));
        if (raw.corednsPrefix() == null || !raw.corednsPrefix().startsWith("/") || raw.corednsPrefix().length() < 2) {
            violations.add("--coredns-prefix: '" + raw.corednsPrefix() + "' must be an absolute key path such as /skydns/");
        }
        if (raw.defaultTtl() < 1 || raw.defaultTtl() > Endpoint.MAX_TTL) {
            violations.add("--default-ttl: must be between 1 and " + Endpoint.MAX_TTL + ", got " + raw.defaultTtl());
        }
        Optional<InetSocketAddress> metrics = blank(raw.metricsAddress()) ? Optional.empty()
                : Optional.ofNullable(check(violations, () -> address(raw.metricsAddress()), "--metrics-address"));
        Optional<InetSocketAddress> serveDns = blank(raw.serveDns()) ? Optional.empty()
                : Optional.ofNullable(check(violations, () -> address(raw.serveDns()), "--serve-dns"));
        DeletionGuard guard = check(violations, () -> new DeletionGuard(raw.maxDeleteShare(), DeletionGuard.DEFAULT_FLOOR, raw.forceDeletes()),
                "--max-delete-share");
        EtcdConnection etcd = EtcdConnection.fromEnvironment(raw.etcd());
        if (providers.contains(ProviderKind.COREDNS)) {
            violations.addAll(etcd.validate());
        }
        Rfc2136Config rfc2136 = providers.contains(ProviderKind.RFC2136) ? Rfc2136Settings.parse(raw.rfc2136(), filter, violations) : null;
        if (serveDns.isPresent() && !providers.contains(ProviderKind.INMEMORY)) {
            violations.add("--serve-dns: only with --provider=inmemory (with etcd, run `wayfinder dns` or CoreDNS against it)");
        }
        if (serveDns.isPresent() && split(raw.domainFilters()).isEmpty()) {
            violations.add("--serve-dns: needs --domain-filter to know which zones to answer for");
        }
        if (raw.leaderElect() && (blank(raw.leaderElectionId()) || blank(raw.leaderElectionNamespace()))) {
            violations.add("--leader-election-id and --leader-election-namespace: required with --leader-elect");
        }
        GslbSettings gslb = sources.contains(SourceKind.GSLB) ? GslbSettings.parse(raw.gslb(), include, violations) : null;
        RegistrySettings registry = RegistryParser.parse(raw.registry(), providers, violations);
        if (!violations.isEmpty()) {
            throw new InvalidConfigException(violations);
        }
        return new ControllerConfig(sources, providers, filter, raw.ownerId(), policy, interval, raw.once(), raw.dryRun(),
                blank(raw.namespace()) ? Optional.empty() : Optional.of(raw.namespace().trim()), annotations, labels, kubeconfig,
                raw.corednsPrefix(), raw.defaultTtl(), metrics, guard,
                new LeaderElection(raw.leaderElect(), raw.leaderElectionNamespace(), raw.leaderElectionId()), serveDns, etcd,
                Optional.ofNullable(rfc2136), Optional.ofNullable(gslb), loop, registry);
    }

    /** {@code --provider}, repeatable or comma-separated; each at most once. */
    private static List<ProviderKind> providers(RawSettings raw, List<String> violations) {
        List<ProviderKind> providers = new ArrayList<>();
        for (String part : providerOrDefault(raw).split(",")) {
            if (part.isBlank()) {
                continue;
            }
            ProviderKind kind = check(violations, () -> ProviderKind.parse(part));
            if (kind != null && providers.contains(kind)) {
                violations.add("--provider: " + kind + " is given more than once");
            } else if (kind != null) {
                providers.add(kind);
            }
        }
        if (providers.isEmpty() && violations.stream().noneMatch(v -> v.startsWith("--provider"))) {
            violations.add("--provider: at least one provider is required (coredns, rfc2136 or inmemory)");
        }
        return providers;
    }

    /**
     * Without {@code --provider}: etcd (CoreDNS's store) when an etcd endpoint is configured, else the
     * embedded memory provider, so a first run needs no etcd at all.
     */
    static String providerOrDefault(RawSettings raw) {
        if (!blank(raw.provider())) {
            return raw.provider();
        }
        return blank(raw.etcd().get("ETCD_URLS")) ? "inmemory" : "coredns";
    }

    /** {@code HOST:PORT} or {@code :PORT} (all interfaces), as ExternalDNS's {@code --metrics-address}. */
    static InetSocketAddress address(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + text + "' is not HOST:PORT or :PORT");
        }
        String host = text.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': the port is not a number");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("'" + text + "': the port must be between 0 and 65535");
        }
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }

    private static List<String> split(List<String> values) {
        return values.stream().flatMap(v -> List.of(v.split(",")).stream()).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static <T> T check(List<String> violations, Supplier<T> parse) {
        return check(violations, parse, null);
    }

    private static <T> T check(List<String> violations, Supplier<T> parse, String setting) {
        try {
            return parse.get();
        } catch (RuntimeException e) {
            violations.add(setting == null || e.getMessage().startsWith("--") ? e.getMessage() : setting + ": " + e.getMessage());
            return null;
        }
    }
}
