package dev.wayfinder.source;

/**
 * Bad input found on a source object: which object, which field, what is wrong. The rest of the
 * object (and every other object) is still published.
 *
 * @param resource {@code kind/namespace/name}
 * @param field    the field path, such as {@code metadata.annotations[external-dns.alpha.kubernetes.io/ttl]}
 */
public record Problem(String resource, String field, String message) {

    @Override
    public String toString() {
        return resource + " " + field + ": " + message;
    }
}
