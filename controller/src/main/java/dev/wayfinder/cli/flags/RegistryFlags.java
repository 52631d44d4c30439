package dev.wayfinder.cli.flags;

import static dev.wayfinder.cli.flags.FlagRow.defaultOnly;
import static dev.wayfinder.cli.flags.FlagRow.implemented;
import static dev.wayfinder.cli.flags.FlagRow.refused;

import java.util.List;

/** ExternalDNS's flags for record ownership (its registry). */
final class RegistryFlags {

    private RegistryFlags() {
    }

    // Until the take-over work lands (it implements these with ExternalDNS's meaning), they are refused rather than ignored.
    private static final String TAKEOVER = "not in this build yet: TXT ownership names other than ExternalDNS's default arrive with the"
            + " record take-over work";

    static final List<FlagRow> ROWS = List.of(
            implemented("txt-owner-id", "default", "this controller's owner id, stored with each record"),
            implemented("registry", "txt", "txt: ownership in each record's value in etcd, TXT records for rfc2136 (noop arrives with the"
                    + " record take-over work; until then it is refused)"),
            refused("txt-prefix", "", TAKEOVER),
            refused("txt-suffix", "", TAKEOVER),
            refused("txt-wildcard-replacement", "", TAKEOVER),
            defaultOnly("txt-encrypt-enabled", "false", "encrypted TXT ownership records are not supported; ownership is kept in"
                    + " each record's value (etcd) or in plain TXT records (rfc2136)"),
            defaultOnly("txt-encrypt-aes-key", "", "encrypted TXT ownership records are not supported"),
            refused("migrate-from-txt-owner", "", "owner migration is not implemented: it deleted other clusters' records in shared"
                    + " zones (ExternalDNS #5993); start with the old --txt-owner-id instead"),
            refused("dynamodb-region", "", "the dynamodb registry is not supported (AWS)"),
            refused("dynamodb-table", "external-dns", "the dynamodb registry is not supported (AWS)"));
}
