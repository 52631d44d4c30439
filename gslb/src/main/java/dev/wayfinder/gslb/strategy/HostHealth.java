package dev.wayfinder.gslb.strategy;

/** k8gb's per-host health, as written to {@code status.serviceHealth}. */
public enum HostHealth {
    HEALTHY("Healthy"), UNHEALTHY("Unhealthy"), NOT_FOUND("NotFound");

    private final String wire;

    HostHealth(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
