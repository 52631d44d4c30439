package dev.wayfinder.cli;

import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Update;
import dev.wayfinder.plan.Conflict;
import dev.wayfinder.plan.PlanResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a plan as a fixed-width table for {@code --dry-run} and {@code --once}: every change the
 * pass makes, ExternalDNS's ownership records included. An update that gives a record set without
 * owner its owner is an {@code adopt}; a changed TTL or target shows as {@code before -> after}.
 */
final class PlanTable {

    private PlanTable() {
    }

    static String render(PlanResult plan) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ACTION", "NAME", "TYPE", "TTL", "TARGETS", "RESOURCE"});
        plan.changes().create().forEach(e -> rows.add(row("create", e, ttl(e), String.join(",", e.targets()))));
        for (Update u : plan.changes().update()) {
            Endpoint b = u.before();
            Endpoint a = u.after();
            String action = b.metadata().owner().equals(a.metadata().owner()) ? "update" : "adopt";
            String ttl = b.ttl() == a.ttl() ? ttl(a) : ttl(b) + " -> " + ttl(a);
            String targets = b.targets().equals(a.targets()) ? String.join(",", a.targets())
                    : String.join(",", b.targets()) + " -> " + String.join(",", a.targets());
            rows.add(row(action, a, ttl, targets));
        }
        plan.changes().delete().forEach(e -> rows.add(row("delete", e, ttl(e), String.join(",", e.targets()))));
        for (Conflict c : plan.conflicts()) {
            rows.add(new String[] {"conflict", c.key().name().toString(), c.key().type().name(), "", c.reason() + " (held by " + c.holder() + ")",
                c.loser()});
        }
        int[] width = new int[rows.get(0).length];
        rows.forEach(r -> {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        });
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                sb.append(i == r.length - 1 ? r[i] : String.format("%-" + (width[i] + 2) + "s", r[i]));
            }
            sb.append('\n');
        }
        if (rows.size() == 1) {
            sb.append("(no changes)\n");
        }
        return sb.toString();
    }

    private static String ttl(Endpoint e) {
        return e.hasTtl() ? Long.toString(e.ttl()) : "-";
    }

    private static String[] row(String action, Endpoint e, String ttl, String targets) {
        return new String[] {action, e.name().toString(), e.type().name(), ttl, targets, e.metadata().resource()};
    }
}
