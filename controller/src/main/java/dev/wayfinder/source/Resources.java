package dev.wayfinder.source;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** The resource names ExternalDNS writes beside records: {@code kind/namespace/name}. */
public final class Resources {

    private Resources() {
    }

    public static String of(String kind, HasMetadata object) {
        return kind + "/" + object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
    }
}
