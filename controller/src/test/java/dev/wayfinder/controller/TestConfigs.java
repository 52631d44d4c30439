package dev.wayfinder.controller;

import dev.wayfinder.config.ControllerConfig;
import dev.wayfinder.config.RawRfc2136;
import dev.wayfinder.config.RawSettings;
import dev.wayfinder.provider.rfc2136.testing.NamedProcess;
import java.util.List;
import java.util.Map;

/** Configurations for tests, built through the same validation as the CLI's. */
public final class TestConfigs {

    private TestConfigs() {
    }

    public static RawSettings raw(String provider, Map<String, String> etcdEnv) {
        return new RawSettings(List.of("service", "ingress", "crd"), provider, List.of("foowidgets.k8s"), List.of(), "wf-test", "sync",
                "1m", false, false, "", "", "", "", "/skydns/", 300, "", 0.5, false, false, "default", "wayfinder", "", etcdEnv);
    }

    /** {@code providers} (comma-separated) with the RFC 2136 provider pointed at {@code named} and its key. */
    public static ControllerConfig rfc2136(String providers, NamedProcess named, String secret) throws Exception {
        RawSettings base = raw(providers, Map.of());
        RawRfc2136 rfc = new RawRfc2136(List.of(NamedProcess.ADDRESS + ":" + named.port()), 53, named.zones(), named.keyName(), secret,
                named.algorithm(), true, false, "0s", 50, false, "", "", "");
        return ControllerConfig.from(new RawSettings(base.sources(), base.provider(), base.domainFilters(), base.excludeDomains(),
                base.ownerId(), base.policy(), base.interval(), base.once(), base.dryRun(), base.namespace(), base.annotationFilter(),
                base.labelFilter(), base.kubeconfig(), base.corednsPrefix(), base.defaultTtl(), base.metricsAddress(), base.maxDeleteShare(),
                base.forceDeletes(), base.leaderElect(), base.leaderElectionNamespace(), base.leaderElectionId(), base.serveDns(),
                base.etcd(), rfc));
    }

    public static ControllerConfig config(String provider, Map<String, String> etcdEnv) throws Exception {
        return ControllerConfig.from(raw(provider, etcdEnv));
    }
}
