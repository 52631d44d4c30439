package dev.wayfinder.source;

import java.util.List;

/**
 * The annotation prefixes read, in order (the first that sets a key wins). ExternalDNS reads one
 * prefix per process ({@code source/annotations/annotations.go} {@code SetAnnotationPrefix}); its
 * default was {@code external-dns.alpha.kubernetes.io/} until v0.21 and is {@code external-dns.kubernetes.io/}
 * since v0.22.
 */
public record AnnotationPrefixes(List<String> prefixes) {

    public static final String GA = "external-dns.kubernetes.io/";
    public static final String ALPHA = "external-dns.alpha.kubernetes.io/";

    /** Without {@code --annotation-prefix}: v0.22's prefix, and v0.21's for keys it does not set. */
    public static final AnnotationPrefixes DEFAULT = new AnnotationPrefixes(List.of(GA, ALPHA));

    public AnnotationPrefixes {
        prefixes = List.copyOf(prefixes);
        if (prefixes.isEmpty()) {
            throw new IllegalArgumentException("at least one annotation prefix is required");
        }
    }

    /** {@code --annotation-prefix}: empty for the default pair, else exactly that prefix, as ExternalDNS. */
    public static AnnotationPrefixes of(String flag) {
        if (flag == null || flag.isBlank()) {
            return DEFAULT;
        }
        String p = flag.trim();
        if (p.contains(" ") || !p.endsWith("/")) {
            throw new IllegalArgumentException("--annotation-prefix: '" + flag + "' must end with '/' (such as external-dns.kubernetes.io/)");
        }
        return new AnnotationPrefixes(List.of(p));
    }
}
