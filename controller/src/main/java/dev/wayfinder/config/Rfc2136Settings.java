package dev.wayfinder.config;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.GoDuration;
import dev.wayfinder.provider.DomainFilter;
import dev.wayfinder.provider.rfc2136.Rfc2136Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Turns the {@code --rfc2136-*} flags into the provider's config, folding its violations into the controller's list. */
final class Rfc2136Settings {

    private Rfc2136Settings() {
    }

    /** The checked config, or null when any violation was added. */
    static Rfc2136Config parse(RawRfc2136 raw, DomainFilter global, List<String> violations) {
        int before = violations.size();
        List<String> zones = new ArrayList<>();
        for (String z : raw.zones()) {
            for (String part : z.split(",")) {
                if (!part.isBlank()) {
                    zones.add(part.trim());
                }
            }
        }
        for (String z : zones) {
            try {
                DnsName.of(z);
            } catch (IllegalArgumentException e) {
                violations.add("--rfc2136-zone: " + e.getMessage());
            }
        }
        Duration minTtl = Duration.ZERO;
        try {
            minTtl = GoDuration.parse(raw.minTtl());
        } catch (IllegalArgumentException e) {
            violations.add("--rfc2136-min-ttl: " + e.getMessage());
        }
        if (violations.size() > before) {
            return null;
        }
        Rfc2136Config config = Rfc2136Config.builder().hosts(raw.hosts()).port(raw.port()).zones(zones)
                .tsigKeyname(raw.tsigKeyname()).tsigSecret(raw.tsigSecret()).tsigSecretAlg(raw.tsigSecretAlg()).tsigAxfr(raw.tsigAxfr())
                .insecure(raw.insecure()).minTtl(minTtl).batchChangeSize(raw.batchChangeSize()).gssTsig(raw.gssTsig())
                .kerberosUsername(raw.kerberosUsername()).kerberosPassword(raw.kerberosPassword()).kerberosRealm(raw.kerberosRealm())
                .build();
        violations.addAll(config.validate());
        if (global != null && !config.zones().isEmpty() && scope(global, config.zones()).include().isEmpty()) {
            violations.add("--rfc2136-zone: none of " + config.zones() + " overlaps --domain-filter " + global);
        }
        return violations.size() > before ? null : config;
    }

    /**
     * The names the RFC 2136 provider is responsible for: those both in its zones and in the global
     * filter. Each include is a zone inside a filtered domain or a filtered domain inside a zone.
     */
    static DomainFilter scope(DomainFilter global, List<DnsName> zones) {
        List<DnsName> include = new ArrayList<>();
        for (DnsName z : zones) {
            if (global.include().isEmpty() || global.include().stream().anyMatch(z::isAtOrBelow)) {
                include.add(z);
            }
        }
        for (DnsName g : global.include()) {
            if (!include.contains(g) && zones.stream().anyMatch(g::isAtOrBelow)) {
                include.add(g);
            }
        }
        return new DomainFilter(include, global.exclude(), global.below(), global.excludeBelow(), global.regex(), global.regexExclude());
    }
}
