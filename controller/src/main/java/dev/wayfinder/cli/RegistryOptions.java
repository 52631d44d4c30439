package dev.wayfinder.cli;

import dev.wayfinder.config.RawRegistry;
import picocli.CommandLine.Option;

/** ExternalDNS's registry flags (also from {@code EXTERNAL_DNS_*}), with its defaults and meaning. */
final class RegistryOptions {

    @Option(names = "--registry", defaultValue = "txt", description = "Ownership records: txt (ExternalDNS's TXT registry records, kept"
            + " beside the owner stored in each record, so ExternalDNS can take the records back) or noop (none: every unowned"
            + " A/AAAA/CNAME in the domain filter is this controller's). Default: ${DEFAULT-VALUE}.")
    String registry;

    @Option(names = "--txt-prefix", defaultValue = "", description = "Prefix of the TXT registry record names (may hold"
            + " %{record_type}); exclusive with --txt-suffix.")
    String txtPrefix;

    @Option(names = "--txt-suffix", defaultValue = "", description = "Suffix of the first label of the TXT registry record names"
            + " (may hold %{record_type}); exclusive with --txt-prefix.")
    String txtSuffix;

    @Option(names = "--txt-wildcard-replacement", defaultValue = "", description = "Replaces a leading '*' in TXT registry record names.")
    String txtWildcardReplacement;

    @Option(names = "--coredns-strictly-owned", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "Several owners share names in one etcd: values of other owners, and unowned values no TXT registry record"
                    + " of this owner claims, are not seen at all (ExternalDNS PR #5921). Default: ${DEFAULT-VALUE}.")
    boolean corednsStrictlyOwned;

    RawRegistry raw() {
        return new RawRegistry(registry, txtPrefix, txtSuffix, txtWildcardReplacement, corednsStrictlyOwned);
    }
}
