package dev.wayfinder.plan;

import dev.wayfinder.model.Changes;
import java.util.List;
import java.util.Locale;

/** ExternalDNS's {@code --policy}: which kinds of change a plan may carry out. */
public enum Policy {
    SYNC("sync"), UPSERT_ONLY("upsert-only"), CREATE_ONLY("create-only");

    private final String flag;

    Policy(String flag) {
        this.flag = flag;
    }

    public String flag() {
        return flag;
    }

    /** Accepts the flag spelling ({@code upsert-only}) and the enum name, in any case. */
    public static Policy parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Policy p : values()) {
            if (p.flag.equals(t)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown policy '" + text + "' (expected sync, upsert-only or create-only)");
    }

    /** The part of {@code changes} this policy allows. */
    public Changes restrict(Changes changes) {
        return switch (this) {
            case SYNC -> changes;
            case UPSERT_ONLY -> new Changes(changes.create(), changes.update(), List.of());
            case CREATE_ONLY -> new Changes(changes.create(), List.of(), List.of());
        };
    }

    @Override
    public String toString() {
        return flag;
    }
}
