package dev.wayfinder.gslb.api;

import java.util.Objects;

/**
 * k8gb's {@code NamespacedName} (api/v1beta1io/gslb_types.go): a backing Service of a host, in the namespace where
 * k8gb's reference resolvers find it (the referenced object's, or a Gateway API backendRef's own), as written to
 * {@code status.servers[].services}.
 */
public record NamespacedName(String namespace, String name) implements Comparable<NamespacedName> {

    public NamespacedName {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public int compareTo(NamespacedName o) {
        return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
