package dev.wayfinder.registry;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.RecordType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads ExternalDNS's TXT registry: a TXT record {@code <type>-<first label>.<rest>} (or, in the
 * legacy form, a TXT at the name itself) whose text is
 * {@code "heritage=external-dns,external-dns/owner=X,…"} says owner X holds that name's records.
 * Pure: a list of records in, the claims out.
 */
public final class ExternalDnsTxt {

    private ExternalDnsTxt() {
    }

    /** Who claims what: by exact (name, type), and by name alone for the legacy form. */
    public record Claims(Map<Claim, String> byType, Map<DnsName, String> byName) {

        public static final Claims NONE = new Claims(Map.of(), Map.of());

        /** The owner ExternalDNS recorded for {@code record}, if any. */
        public Optional<String> ownerOf(Endpoint record) {
            if (record.type() == RecordType.TXT) {
                return heritageOwner(record);
            }
            String owner = byType.get(new Claim(record.name(), record.type()));
            return Optional.ofNullable(owner != null ? owner : byName.get(record.name()));
        }
    }

    public record Claim(DnsName name, RecordType type) {
    }

    public static Claims read(List<Endpoint> records) {
        Map<Claim, String> byType = new HashMap<>();
        Map<DnsName, String> byName = new HashMap<>();
        for (Endpoint r : records) {
            if (r.type() != RecordType.TXT) {
                continue;
            }
            Optional<String> owner = heritageOwner(r);
            if (owner.isEmpty()) {
                continue;
            }
            byName.put(r.name(), owner.get());
            ownedName(r.name()).ifPresent(c -> byType.put(c, owner.get()));
        }
        return new Claims(Map.copyOf(byType), Map.copyOf(byName));
    }

    /** {@code a-nginx.foowidgets.k8s} → (nginx.foowidgets.k8s, A). */
    static Optional<Claim> ownedName(DnsName txtName) {
        if (txtName.labelCount() < 1) {
            return Optional.empty();
        }
        String first = txtName.labels().get(0);
        int dash = first.indexOf('-');
        if (dash <= 0 || dash == first.length() - 1) {
            return Optional.empty();
        }
        RecordType type;
        try {
            type = RecordType.parse(first.substring(0, dash));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String rest = txtName.labelCount() > 1 ? "." + txtName.parent() : "";
        return Optional.of(new Claim(DnsName.of(first.substring(dash + 1) + rest), type));
    }

    /** The owner in an ExternalDNS heritage TXT, if the record is one. */
    public static Optional<String> heritageOwner(Endpoint txt) {
        for (String text : txt.targets()) {
            String t = text.strip();
            if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
                t = t.substring(1, t.length() - 1);
            }
            if (!t.startsWith("heritage=external-dns")) {
                continue;
            }
            for (String part : t.split(",")) {
                if (part.startsWith("external-dns/owner=")) {
                    return Optional.of(part.substring("external-dns/owner=".length()));
                }
            }
            return Optional.of("");
        }
        return Optional.empty();
    }
}
