package dev.wayfinder.server.prepared;

import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Prepares answers ahead of their first question, on a background thread of its own (started when there
 * is work, ended when there is none): every name of a new snapshot, then the names later changes renew.
 * A name asked about before its turn here is prepared by its question.
 */
final class Prefill {

    /** Changes renewing at most this many names are prepared at once, on the publishing thread. */
    static final int INLINE = 64;
    /** A whole snapshot of at most this many names too (tens of milliseconds); a larger one in the background. */
    static final int INLINE_WHOLE = 20_000;
    /** The answers prepared ahead: addresses, asked most (by {@link DirectAnswers}); the others on their first question. */
    static final int[] SLOTS = {Slot.A, Slot.AAAA};

    private record Batch(List<byte[]> names, long generation, boolean whole) {
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Prefill.class);

    private final Consumer<byte[]> one;
    private final ArrayDeque<Batch> work = new ArrayDeque<>();
    private Thread thread;
    /** Raised by a whole new list of names, and by {@link #stop}: older batches are abandoned. */
    private volatile long generation;
    private boolean stopped;

    Prefill(Consumer<byte[]> one) {
        this.one = one;
    }

    /** Adds names to prepare; {@code replacing} abandons what was queued or under way (a whole new list of names). */
    synchronized void add(List<byte[]> names, boolean replacing) {
        if (stopped) {
            return;
        }
        if (replacing) {
            generation++;
            work.clear();
        }
        work.add(new Batch(names, generation, replacing));
        if (thread == null) {
            thread = new Thread(this::run, "dns-prepare");
            thread.setDaemon(true);
            thread.setPriority(Thread.MIN_PRIORITY);
            thread.start();
        }
    }

    private void run() {
        while (true) {
            Batch batch;
            synchronized (this) {
                batch = work.poll();
                if (batch == null) {
                    thread = null;
                    notifyAll();
                    return;
                }
            }
            long started = System.nanoTime();
            int done = 0;
            for (byte[] name : batch.names()) {
                if (generation != batch.generation()) {
                    break;
                }
                one.accept(name);
                done++;
            }
            if (batch.whole()) {
                LOG.info("Prepared answers: addresses of {} of {} names prepared ahead in {} ms", done, batch.names().size(),
                        (System.nanoTime() - started) / 1_000_000);
            }
        }
    }

    /** Waits until nothing is queued or under way, at most {@code millis}; true when idle. */
    synchronized boolean awaitIdle(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (thread != null || !work.isEmpty()) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    synchronized void stop() {
        stopped = true;
        generation++;
        work.clear();
    }
}
