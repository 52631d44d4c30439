package dev.wayfinder.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** What a plan asks a provider to do: record sets to create, update and delete. */
public record Changes(List<Endpoint> create, List<Update> update, List<Endpoint> delete) {

    public static final Changes NONE = new Changes(List.of(), List.of(), List.of());

    public Changes {
        create = List.copyOf(Objects.requireNonNull(create, "create"));
        update = List.copyOf(Objects.requireNonNull(update, "update"));
        delete = List.copyOf(Objects.requireNonNull(delete, "delete"));
    }

    public static Changes create(Endpoint... endpoints) {
        return new Changes(List.of(endpoints), List.of(), List.of());
    }

    public static Changes update(Update... updates) {
        return new Changes(List.of(), List.of(updates), List.of());
    }

    public static Changes delete(Endpoint... endpoints) {
        return new Changes(List.of(), List.of(), List.of(endpoints));
    }

    public boolean isEmpty() {
        return create.isEmpty() && update.isEmpty() && delete.isEmpty();
    }

    public int size() {
        return create.size() + update.size() + delete.size();
    }

    /** Every key this change touches, in the order create, update, delete. */
    public Stream<Endpoint.Key> keys() {
        return Stream.of(create.stream().map(Endpoint::key), update.stream().map(Update::key), delete.stream().map(Endpoint::key))
                .flatMap(s -> s);
    }

    /** Only the parts whose name passes {@code filter}. */
    public Changes filter(java.util.function.Predicate<DnsName> filter) {
        List<Endpoint> c = new ArrayList<>();
        List<Update> u = new ArrayList<>();
        List<Endpoint> d = new ArrayList<>();
        create.stream().filter(e -> filter.test(e.name())).forEach(c::add);
        update.stream().filter(x -> filter.test(x.key().name())).forEach(u::add);
        delete.stream().filter(e -> filter.test(e.name())).forEach(d::add);
        return new Changes(c, u, d);
    }

    @Override
    public String toString() {
        return "Changes{create=" + create + ", update=" + update + ", delete=" + delete + "}";
    }
}
