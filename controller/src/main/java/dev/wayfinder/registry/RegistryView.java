package dev.wayfinder.registry;

import dev.wayfinder.model.Endpoint;
import dev.wayfinder.plan.CurrentRecord;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One read of a provider through the registry.
 *
 * @param records    what the plan sees: every record set this controller may see, with its owner
 * @param entries    ExternalDNS TXT registry records (hidden from the plan, kept by the registry)
 * @param ourEntries those of {@code entries} every text of which names this controller's owner id
 * @param others     every record set read that is no registry record, whatever its visibility
 * @param resources  for record sets that store no resource, the one their ownership record names
 */
public record RegistryView(List<CurrentRecord> records, List<Endpoint> entries, Set<Endpoint> ourEntries, List<Endpoint> others,
                           Map<Endpoint.Key, String> resources) {

    public static final RegistryView EMPTY = new RegistryView(List.of(), List.of(), Set.of(), List.of(), Map.of());

    public RegistryView {
        records = List.copyOf(records);
        entries = List.copyOf(entries);
        ourEntries = Set.copyOf(ourEntries);
        others = List.copyOf(others);
        resources = Map.copyOf(resources);
    }

    /** Only records, as a provider that keeps its own ownership records returns them. */
    public static RegistryView ofRecords(List<Endpoint> read) {
        return new RegistryView(read.stream().map(CurrentRecord::of).toList(), List.of(), Set.of(), read, Map.of());
    }
}
