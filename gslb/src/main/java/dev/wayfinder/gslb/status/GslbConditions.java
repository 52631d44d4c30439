package dev.wayfinder.gslb.status;

import dev.wayfinder.gslb.status.GslbStatus.Condition;
import dev.wayfinder.gslb.strategy.GslbPolicy;
import dev.wayfinder.gslb.strategy.ServedStrategy;
import dev.wayfinder.gslb.strategy.ServingDns;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.source.api.Subtrees;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A Gslb's conditions, as pure functions of its policy, the serving DNS and the published names:
 *
 * <ul>
 *   <li>{@value #STRATEGY_HONOURED}: whether clients get what the strategy asks for from the DNS that serves the
 *       zone ({@link ServedStrategy}): False with {@code WeightsIgnored} or {@code GeoIgnored} on stock CoreDNS.</li>
 *   <li>{@value #NAMES_BENEATH}: True when one of its hosts has published names beneath it, or is itself beneath a
 *       name that answers it too; the message says what CoreDNS's subtree read answers ({@link Subtrees}). Reason
 *       {@code KeptApart} when SkyDNS groups keep every such answer apart, {@code AnsweredTogether} when not.</li>
 * </ul>
 */
public final class GslbConditions {

    public static final String STRATEGY_HONOURED = "StrategyHonoured";
    public static final String NAMES_BENEATH = "NamesBeneath";
    public static final String ANSWERED_TOGETHER = "AnsweredTogether";

    private GslbConditions() {
    }

    /**
     * @param hosts  the Gslb's hosts
     * @param nested every published name with names beneath it
     */
    public static List<Condition> of(GslbPolicy policy, ServingDns serving, Collection<DnsName> hosts, List<Subtrees.Nested> nested) {
        ServedStrategy.Verdict v = ServedStrategy.of(policy, serving);
        return List.of(new Condition(STRATEGY_HONOURED, v.honoured(), v.reason(), v.message()), namesBeneath(hosts, nested));
    }

    static Condition namesBeneath(Collection<DnsName> hosts, List<Subtrees.Nested> nested) {
        List<String> notes = new ArrayList<>();
        boolean together = false;
        for (Subtrees.Nested n : nested) {
            DnsName parent = n.parent().name();
            if (hosts.contains(parent)) {
                notes.add(parent + ": " + n.explanation() + (n.keptApart().isEmpty() ? ""
                        : "; while it has no healthy targets it answers NODATA, not NXDOMAIN, since names exist beneath it"));
                together |= !n.answeredWithParent().isEmpty();
                continue;
            }
            for (Subtrees.Published b : n.answeredWithParent()) {
                if (hosts.contains(b.name())) {
                    notes.add(b.name() + ": published beneath " + n.parent() + ", and CoreDNS's etcd plugin reads the whole subtree of "
                            + parent + ", so A/AAAA questions for " + parent + " also get this host's targets");
                    together = true;
                }
            }
        }
        if (notes.isEmpty()) {
            return new Condition(NAMES_BENEATH, false, "NoneBeneath", "no published name is beneath another among this Gslb's hosts");
        }
        return new Condition(NAMES_BENEATH, true, together ? ANSWERED_TOGETHER : "KeptApart", String.join(" | ", notes));
    }
}
