package dev.wayfinder.registry;

import dev.wayfinder.model.Endpoint;
import dev.wayfinder.plan.CurrentRecord;
import java.util.List;
import java.util.Map;

/**
 * One read of a provider through the registry.
 *
 * @param records   what the plan sees: every record set this controller may see, with its owner
 * @param entries   ExternalDNS TXT registry records (hidden from the plan, kept by the registry)
 * @param all       every record set read, entries included and whatever its visibility
 * @param resources for record sets that store no resource, the one their ownership record names
 */
public record RegistryView(List<CurrentRecord> records, List<Endpoint> entries, List<Endpoint> all, Map<Endpoint.Key, String> resources) {

    public static final RegistryView EMPTY = new RegistryView(List.of(), List.of(), List.of(), Map.of());

    public RegistryView {
        records = List.copyOf(records);
        entries = List.copyOf(entries);
        all = List.copyOf(all);
        resources = Map.copyOf(resources);
    }
}
