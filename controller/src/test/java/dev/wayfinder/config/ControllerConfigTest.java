package dev.wayfinder.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wayfinder.plan.Policy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControllerConfigTest {

    static RawSettings raw(List<String> sources, String provider, String policy, String interval, String owner, String label,
                           double share, Map<String, String> etcd) {
        return new RawSettings(sources, provider, List.of("foowidgets.k8s"), List.of("internal.foowidgets.k8s"), owner, policy, interval,
                false, false, "", "", label, "", "/skydns/", 300, ":7979", share, false, false, "default", "wayfinder", "", etcd);
    }

    @Test
    void externalDnsDeploymentArgumentsAreAccepted() throws Exception {
        ControllerConfig c = ControllerConfig.from(raw(List.of("service", "ingress"), "coredns", "upsert-only", "1m", "cluster-a", "",
                0.5, Map.of("ETCD_URLS", "http://etcd:2379", "ETCD_USERNAME", "root", "ETCD_PASSWORD", "s3cret")));
        assertThat(c.sources()).containsExactlyInAnyOrder(SourceKind.SERVICE, SourceKind.INGRESS);
        assertThat(c.policy()).isEqualTo(Policy.UPSERT_ONLY);
        assertThat(c.interval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.domainFilter().matches(dev.wayfinder.model.DnsName.of("a.foowidgets.k8s"))).isTrue();
        assertThat(c.domainFilter().matches(dev.wayfinder.model.DnsName.of("a.internal.foowidgets.k8s"))).isFalse();
        assertThat(c.metricsAddress()).get().extracting(a -> a.getPort()).isEqualTo(7979);
        assertThat(c.toString()).contains("root").doesNotContain("s3cret");
    }

    @Test
    void everyViolationIsReportedTogether() {
        assertThatThrownBy(() -> ControllerConfig.from(raw(List.of("service", "gateway"), "route53", "yolo", "soon", "", "a in b", 1.5,
                Map.of("ETCD_URLS", "ftp://x"))))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.violations())
                        .anySatisfy(v -> assertThat(v).startsWith("--source").contains("gateway"))
                        .anySatisfy(v -> assertThat(v).startsWith("--provider").contains("route53"))
                        .anySatisfy(v -> assertThat(v).startsWith("--policy").contains("yolo"))
                        .anySatisfy(v -> assertThat(v).startsWith("--interval").contains("soon"))
                        .anySatisfy(v -> assertThat(v).startsWith("--txt-owner-id"))
                        .anySatisfy(v -> assertThat(v).startsWith("--label-filter"))
                        .anySatisfy(v -> assertThat(v).startsWith("--max-delete-share")));
    }

    @Test
    void etcdSettingsAreCheckedForCoreDns() {
        assertThatThrownBy(() -> ControllerConfig.from(raw(List.of("service"), "coredns", "sync", "1m", "a", "", 0.5,
                Map.of("ETCD_URLS", "ftp://x"))))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.violations()).anySatisfy(v -> assertThat(v).contains("ETCD_URLS")));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "--provider={0}, ETCD_URLS={1} -> {2}")
    @org.junit.jupiter.params.provider.CsvSource(nullValues = "-", value = {
        "-,        -,                 INMEMORY",
        "-,        http://etcd:2379,  COREDNS",
        "coredns,  -,                 COREDNS",
        "inmemory, http://etcd:2379,  INMEMORY",
    })
    void withoutAProviderEtcdIsUsedOnlyWhenConfigured(String provider, String urls, ProviderKind expected) throws Exception {
        Map<String, String> etcd = urls == null ? Map.of() : Map.of("ETCD_URLS", urls);
        ControllerConfig c = ControllerConfig.from(raw(List.of("service"), provider, "sync", "1m", "a", "", 0.5, etcd));
        assertThat(c.provider()).isEqualTo(expected);
    }
}
