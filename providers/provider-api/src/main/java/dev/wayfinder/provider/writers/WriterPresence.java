package dev.wayfinder.provider.writers;

/**
 * How a controller tells, through the medium its provider writes to, whether another live
 * controller writes with its owner id: it registers itself there while it runs and reads the
 * others' registrations ({@link WriterVerdict#decide}). etcd: a key bound to an etcd lease; RFC 2136:
 * a Kubernetes Lease per writer.
 */
public interface WriterPresence extends AutoCloseable {

    /** Registers this writer and keeps its registration alive; {@code onChange} runs when the verdict changes. */
    void start(Runnable onChange);

    /** The latest verdict ({@link WriterVerdict.Standing#UNREGISTERED} before the first registration is seen). */
    WriterVerdict verdict();

    /** Removes this writer's registration, so a writer standing by may take over at once. */
    @Override
    void close();

    /** No medium shared with other processes (the in-memory provider), or detection off: always alone. */
    WriterPresence NONE = new WriterPresence() {
        @Override
        public void start(Runnable onChange) {
        }

        @Override
        public WriterVerdict verdict() {
            return WriterVerdict.ALONE;
        }

        @Override
        public void close() {
        }
    };
}
