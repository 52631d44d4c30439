package dev.wayfinder.provider.rfc2136;

import dev.wayfinder.model.Changes;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Update;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** One record-set change of a {@link Changes}, in a form the planner can switch over. */
sealed interface Change {

    /** The endpoint the change leaves behind (create, update) or removes (delete). */
    Endpoint subject();

    /** What the logs say about it. */
    String describe();

    record Create(Endpoint endpoint) implements Change {
        public Endpoint subject() {
            return endpoint;
        }

        public String describe() {
            return "create " + endpoint;
        }
    }

    record Replace(Endpoint before, Endpoint after) implements Change {
        public Endpoint subject() {
            return after;
        }

        public String describe() {
            return "update " + before + " -> " + after;
        }
    }

    record Delete(Endpoint endpoint) implements Change {
        public Endpoint subject() {
            return endpoint;
        }

        public String describe() {
            return "delete " + endpoint;
        }
    }

    /**
     * Every change of {@code changes}. What is written passes through {@code written} (canonical
     * targets, the TTL to write); what was read (an update's before, a delete) only through
     * {@code canonical}, so that it still compares equal to the server's state after a minimum TTL
     * was raised.
     */
    static List<Change> of(Changes changes, UnaryOperator<Endpoint> written, UnaryOperator<Endpoint> canonical) {
        List<Change> out = new ArrayList<>();
        changes.create().forEach(e -> out.add(new Create(written.apply(e))));
        for (Update u : changes.update()) {
            out.add(new Replace(canonical.apply(u.before()), written.apply(u.after())));
        }
        changes.delete().forEach(e -> out.add(new Delete(canonical.apply(e))));
        return out;
    }
}
