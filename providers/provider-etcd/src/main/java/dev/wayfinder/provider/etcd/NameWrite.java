package dev.wayfinder.provider.etcd;

import java.util.Map;
import java.util.Set;

/**
 * The etcd operations for one name, to run in one transaction: if every guarded key still has the
 * mod revision read (0: still absent), put and delete.
 */
record NameWrite(NameChange change, Map<String, Long> guards, Map<String, String> puts, Set<String> deletes) {

    NameWrite {
        guards = Map.copyOf(guards);
        puts = Map.copyOf(puts);
        deletes = Set.copyOf(deletes);
    }

    int operations() {
        return puts.size() + deletes.size();
    }

    int compares() {
        return guards.size();
    }
}
