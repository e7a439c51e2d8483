package io.syncline.delivery;

import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Runs one session's work on an executor (the registry's session threads): one run at a time,
 * again when more work arrived meanwhile, and never holding a thread while the work waits (for
 * the send queue's room, which then calls {@link #schedule} back). A run goes on for at most one
 * time slice, then makes way for other sessions' runs and continues in a new one.
 */
final class Worker {

    /** What one pass of the work did. */
    enum Progress {
        /** Something moved: another pass may find more. */
        MOVED,
        /** Nothing to do until the next wake-up. */
        IDLE,
        /** Waiting for a call back (the send queue's room). */
        BLOCKED
    }

    /** One pass of the work, which should end soon after {@code untilNanos}. */
    @FunctionalInterface
    interface Job {
        Progress pass(long untilNanos);
    }

    private final Executor executor;
    private final Job job;
    private final Consumer<RuntimeException> failed;
    private final BooleanSupplier open;
    private final long sliceNanos;
    private boolean running; // guarded by this
    private boolean again;   // guarded by this: more work arrived while running

    /**
     * @param failed told when a pass throws (the worker stops; it runs again at the next wake-up)
     * @param open   while false, a run that used up its slice does not go on
     */
    Worker(Executor executor, Job job, Consumer<RuntimeException> failed, BooleanSupplier open, long sliceNanos) {
        this.executor = executor;
        this.job = job;
        this.failed = failed;
        this.open = open;
        this.sliceNanos = sliceNanos;
    }

    /** There is more to do: a run starts, or the one running makes another pass. */
    void schedule() {
        synchronized (this) {
            if (running) {
                again = true;
                return;
            }
            running = true;
        }
        try {
            executor.execute(this::run);
        } catch (RuntimeException e) {
            synchronized (this) {
                running = false;
            }
            failed.accept(e);
        }
    }

    private void run() {
        long until = System.nanoTime() + sliceNanos;
        boolean ended = false;
        try {
            while (true) {
                Progress progress = job.pass(until);
                synchronized (this) {
                    // Decided under the lock that schedule() takes: no wake-up is lost in between.
                    if (progress != Progress.MOVED && !again) {
                        running = false;
                        ended = true;
                        return;
                    }
                    again = false;
                    if (System.nanoTime() - until > 0) {
                        break; // make way for other sessions; go on in a new run
                    }
                }
            }
        } catch (RuntimeException e) {
            failed.accept(e);
        } finally {
            if (!ended) {
                synchronized (this) {
                    running = false;
                }
            }
        }
        if (open.getAsBoolean()) {
            schedule();
        }
    }
}
