package dev.wayfinder.controller;

/** Where the controller tells a source object what happened to it (Kubernetes Events in a cluster). */
public interface EventSink {

    enum Reason { PUBLISHED, CONFLICT, INVALID }

    /**
     * @param resource {@code kind/namespace/name} of the object
     * @param warning  true for problems, false for normal news
     */
    void emit(String resource, Reason reason, boolean warning, String message);

    EventSink NONE = (resource, reason, warning, message) -> { };
}
