package dev.wayfinder.config;

/**
 * ExternalDNS's registry flags exactly as given ({@code --registry}, {@code --txt-prefix},
 * {@code --txt-suffix}, {@code --txt-wildcard-replacement}, {@code --coredns-strictly-owned}),
 * before {@link ControllerConfig#from} checks them.
 */
public record RawRegistry(String registry, String txtPrefix, String txtSuffix, String txtWildcardReplacement, boolean corednsStrictlyOwned) {

    /** ExternalDNS's defaults (pkg/apis/externaldns/types.go:341, :378 and the empty affixes beside it, :268). */
    public static final RawRegistry DEFAULTS = new RawRegistry("txt", "", "", "", false);

    public RawRegistry {
        registry = registry == null ? "txt" : registry;
        txtPrefix = txtPrefix == null ? "" : txtPrefix;
        txtSuffix = txtSuffix == null ? "" : txtSuffix;
        txtWildcardReplacement = txtWildcardReplacement == null ? "" : txtWildcardReplacement;
    }
}
