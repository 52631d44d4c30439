package dev.wayfinder.plan;

import dev.wayfinder.model.Endpoint;
import java.util.Objects;

/**
 * A record set as the registry sees it: the record read from the provider and who owns it. The
 * owner is usually the record's own {@code owner} field; the registry may attribute an unowned
 * record to another owner (an ExternalDNS TXT registry entry claims it). Empty means "written by
 * hand": nobody's, so never ours to change.
 */
public record CurrentRecord(Endpoint record, String owner) {

    public CurrentRecord {
        Objects.requireNonNull(record, "record");
        owner = Objects.requireNonNullElse(owner, "");
    }

    public static CurrentRecord of(Endpoint record) {
        return new CurrentRecord(record, record.metadata().owner());
    }

    public boolean ownedBy(String ownerId) {
        return !owner.isEmpty() && owner.equals(ownerId);
    }
}
