package dev.wayfinder.cli.flags;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The flag catalogue: one row per ExternalDNS v0.22 flag ({@code pkg/apis/externaldns/types.go}),
 * saying what this controller does with it. It drives the refusal messages, and the compatibility
 * table in {@code docs/external-dns-compatibility.md} is generated from it (a test keeps both, and the
 * command line, in step).
 */
public final class ExternalDnsFlags {

    /** Every row, by flag name. */
    public static final Map<String, FlagRow> BY_NAME;

    static {
        Map<String, FlagRow> all = new TreeMap<>();
        List<List<FlagRow>> areas = List.of(KubernetesFlags.ROWS, SourceFlags.ROWS, GatewayFlags.ROWS, FilterFlags.ROWS, LoopFlags.ROWS,
                RegistryFlags.ROWS, ProviderFlags.ROWS, OtherProviderFlags.ROWS);
        for (List<FlagRow> area : areas) {
            for (FlagRow r : area) {
                if (all.put(r.name(), r) != null) {
                    throw new IllegalStateException("flag " + r.name() + " is in the catalogue twice");
                }
            }
        }
        BY_NAME = Collections.unmodifiableMap(all);
    }

    /**
     * Flags ExternalDNS once had, still found in deployments: accepted as another name for a current flag.
     * {@code --rfc2136-create-ptr} (v0.21 and earlier) is {@code --create-ptr}.
     */
    public static final Map<String, String> RENAMED = Map.of("rfc2136-create-ptr", "create-ptr");

    private ExternalDnsFlags() {
    }

    public static Optional<FlagRow> row(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public static List<FlagRow> rows() {
        return new ArrayList<>(BY_NAME.values());
    }
}
