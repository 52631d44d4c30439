package dev.wayfinder.cli.flags;

import static dev.wayfinder.cli.flags.FlagRow.defaultOnly;
import static dev.wayfinder.cli.flags.FlagRow.implemented;
import static dev.wayfinder.cli.flags.FlagRow.refused;

import java.util.List;

/** ExternalDNS's flags for record ownership (its registry). */
final class RegistryFlags {

    private RegistryFlags() {
    }

    static final List<FlagRow> ROWS = List.of(
            implemented("txt-owner-id", "default", "this controller's owner id, stored with each record"),
            implemented("registry", "txt", "txt: ownership in each record's value in etcd and in ExternalDNS's TXT ownership records,"
                    + " read and written so ExternalDNS reads them as its own; noop: no ownership records, unowned A/AAAA/CNAME are"
                    + " taken as this controller's (coredns only)"),
            implemented("txt-prefix", "", "prefix of the TXT ownership record names, %{record_type} included, as ExternalDNS"),
            implemented("txt-suffix", "", "suffix of the TXT ownership record names, as ExternalDNS (not together with --txt-prefix)"),
            implemented("txt-wildcard-replacement", "", "stands for '*' in the TXT ownership record name of a wildcard, as ExternalDNS"),
            defaultOnly("txt-encrypt-enabled", "false", "encrypted TXT ownership records are not supported; ownership is kept in"
                    + " each record's value (etcd) or in plain TXT records (rfc2136)"),
            defaultOnly("txt-encrypt-aes-key", "", "encrypted TXT ownership records are not supported"),
            refused("migrate-from-txt-owner", "", "owner migration is not implemented: it deleted other clusters' records in shared"
                    + " zones (ExternalDNS #5993); start with the old --txt-owner-id instead"),
            refused("dynamodb-region", "", "the dynamodb registry is not supported (AWS)"),
            refused("dynamodb-table", "external-dns", "the dynamodb registry is not supported (AWS)"));
}
