package dev.wayfinder.controller;

import dev.wayfinder.config.ControllerConfig;
import dev.wayfinder.config.RawSettings;
import java.util.List;
import java.util.Map;

/** Configurations for tests, built through the same validation as the CLI's. */
final class TestConfigs {

    private TestConfigs() {
    }

    static RawSettings raw(String provider, Map<String, String> etcdEnv) {
        return new RawSettings(List.of("service", "ingress", "crd"), provider, List.of("foowidgets.k8s"), List.of(), "wf-test", "sync",
                "1m", false, false, "", "", "", "", "/skydns/", 300, "", 0.5, false, false, "default", "wayfinder", "", etcdEnv);
    }

    static ControllerConfig config(String provider, Map<String, String> etcdEnv) throws Exception {
        return ControllerConfig.from(raw(provider, etcdEnv));
    }
}
