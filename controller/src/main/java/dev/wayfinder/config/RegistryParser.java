package dev.wayfinder.config;

import dev.wayfinder.model.txt.TxtNames;
import dev.wayfinder.registry.RegistrySettings;
import java.util.List;

/** Turns ExternalDNS's registry flags into {@link RegistrySettings}, folding its violations into the controller's list. */
final class RegistryParser {

    private RegistryParser() {
    }

    /** The checked settings, or null when a violation was added. */
    static RegistrySettings parse(RawRegistry raw, List<ProviderKind> providers, List<String> violations) {
        int before = violations.size();
        RegistrySettings.Kind kind = null;
        try {
            kind = RegistrySettings.Kind.parse(raw.registry());
        } catch (IllegalArgumentException e) {
            violations.add("--registry: " + e.getMessage());
        }
        if (kind == RegistrySettings.Kind.NOOP && providers.contains(ProviderKind.RFC2136)) {
            violations.add("--registry=noop: the rfc2136 provider keeps ownership only in ExternalDNS's TXT records, so without them"
                    + " it could neither tell its own record sets nor keep them; use --registry=txt");
        }
        TxtNames names = new TxtNames(raw.txtPrefix(), raw.txtSuffix(), raw.txtWildcardReplacement());
        // ExternalDNS refuses both affixes at once (registry/txt/registry.go:152-154).
        names.problem().ifPresent(p -> violations.add("--txt-prefix/--txt-suffix: " + p));
        if (raw.txtPrefix().contains("/") || raw.txtSuffix().contains("/") || raw.txtWildcardReplacement().contains("/")) {
            violations.add("--txt-prefix/--txt-suffix/--txt-wildcard-replacement: '/' cannot be part of a DNS name stored in etcd");
        }
        if (raw.corednsStrictlyOwned() && !providers.contains(ProviderKind.COREDNS)) {
            violations.add("--coredns-strictly-owned: only with --provider=coredns (it changes how etcd values are shared)");
        }
        return violations.size() > before ? null : new RegistrySettings(kind, names, raw.corednsStrictlyOwned());
    }
}
