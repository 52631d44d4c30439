package dev.wayfinder.source.api;

/**
 * Bad input found on a source object: which object, which field, what is wrong. The rest of the
 * object (and every other object) is still published.
 *
 * @param resource {@code kind/namespace/name}
 * @param field    the field path, such as {@code metadata.annotations[external-dns.alpha.kubernetes.io/ttl]}
 */
public record Problem(String resource, String field, String message) {

    /**
     * A problem written {@code field: message}, as the GSLB's parser and pure parts write them; without
     * {@code ": "} the whole text is the message, on the field {@code (object)}.
     */
    public static Problem of(String resource, String fieldAndMessage) {
        int colon = fieldAndMessage.indexOf(": ");
        return colon < 0 ? new Problem(resource, "(object)", fieldAndMessage)
                : new Problem(resource, fieldAndMessage.substring(0, colon), fieldAndMessage.substring(colon + 2));
    }

    @Override
    public String toString() {
        return resource + " " + field + ": " + message;
    }
}
