package dev.wayfinder.source.api;

/** Where the controller tells a source object what happened to it (Kubernetes Events in a cluster). */
public interface EventSink {

    /**
     * {@code REFUSED}: the provider would not take a name (it could not be adopted or applied); the rest went through.
     * {@code NESTED}: the object's name has other published names beneath it, which CoreDNS answers with it.
     */
    enum Reason { PUBLISHED, CONFLICT, INVALID, REFUSED, NESTED }

    /**
     * @param resource {@code kind/namespace/name} of the object
     * @param warning  true for problems, false for normal news
     */
    void emit(String resource, Reason reason, boolean warning, String message);

    /**
     * An Event on any object, with a free-form reason ({@code Failover}, {@code AnswerChanged}...). Sinks that
     * only know the source objects above ignore it.
     */
    default void emit(Target target, String reason, boolean warning, String message) {
    }

    /** The object an Event is about; {@code uid} may be empty when not known. */
    record Target(String apiVersion, String kind, String namespace, String name, String uid) {
        @Override
        public String toString() {
            return kind + " " + namespace + "/" + name;
        }
    }

    EventSink NONE = (resource, reason, warning, message) -> { };
}
