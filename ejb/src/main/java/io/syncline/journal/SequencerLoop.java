package io.syncline.journal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One candidate sequencer: it competes for the lease and, while it holds it, numbers committed
 * changes and publishes them in offset order. Every server runs one; exactly one of them works at
 * a time, and another takes over when its lease runs out.
 *
 * <p>Publication is at least once: what was published but not yet recorded as published when a
 * sequencer died is published again by its successor, and receivers drop offsets they have seen.
 */
public final class SequencerLoop {

    /** How many changes one read of the journal takes when it publishes what was left unpublished. */
    static final int PUBLISH_BATCH = 1000;

    private static final Logger LOG = Logger.getLogger(SequencerLoop.class.getName());

    private final String owner;
    private final Sequencing sequencing;
    private final Journal journal;
    private final Consumer<CommittedTransaction> publisher;
    private final Duration lease;
    private final Duration poll;
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile boolean running;
    private volatile boolean leader;
    /** The last offset this sequencer published while it held the lease, or -1. */
    private volatile long published = -1;
    private Thread thread;

    /**
     * @param lease how long a lease lasts without renewal: how soon another server takes over
     * @param poll  the safety net: how often to look for work without a wake-up
     */
    public SequencerLoop(String owner, Sequencing sequencing, Journal journal, Consumer<CommittedTransaction> publisher,
                         Duration lease, Duration poll) {
        this.owner = owner;
        this.sequencing = sequencing;
        this.journal = journal;
        this.publisher = publisher;
        this.lease = lease;
        this.poll = poll;
    }

    public synchronized void start(ThreadFactory threads) {
        if (thread != null) {
            return;
        }
        running = true;
        thread = threads.newThread(this::run);
        thread.setName("syncline-sequencer-" + owner);
        thread.start();
    }

    /** A transaction committed: work now rather than at the next poll. */
    public void wake() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    /**
     * Stops. With {@code release}, the lease is given up so another takes over at once; without,
     * it runs out as if this server had died.
     */
    public void stop(boolean release) {
        Thread running;
        synchronized (this) {
            running = thread;
            thread = null;
        }
        this.running = false;
        if (running == null) {
            return;
        }
        // A round in progress ends as it would have (its transaction commits or rolls back): an
        // interrupt in the middle of it may leave it open on some servers, holding the state row's
        // lock (seen on Payara when an application was undeployed). Only a loop that does not stop
        // by itself is interrupted.
        wake();
        try {
            running.join(TimeUnit.SECONDS.toMillis(10));
            if (running.isAlive()) {
                running.interrupt();
                running.join(TimeUnit.SECONDS.toMillis(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (release) {
            try {
                sequencing.release(owner, published);
            } catch (RuntimeException e) {
                // Shutting down with the datasource already gone: the lease simply runs out.
                LOG.log(Level.FINE, "Could not release the sequencer lease", e);
            }
        }
        leader = false;
    }

    public String owner() {
        return owner;
    }

    /** Whether this sequencer held the lease at its last attempt. */
    public boolean isLeader() {
        return leader;
    }

    private void run() {
        try {
            work();
        } finally {
            if (running) {
                // Only stop() ends the loop: nothing would number this server's changes any more.
                LOG.severe("Sequencer " + owner + " stopped without being told to: this server numbers no more changes"
                        + " until it restarts (the reason, when it was an error, is logged with the thread)");
            }
        }
    }

    private void work() {
        while (running) {
            boolean more = false;
            // The leader renews well before its lease runs out; the others try at the same pace,
            // and once more right when the holder's lease runs out, so a dead one is replaced then.
            long waitMillis = Math.min(poll.toMillis(), lease.toMillis() / 3);
            try {
                Sequencing.Round round = sequencing.round(owner, lease, published);
                leader = round.leader();
                if (leader) {
                    published = publish(round, Math.max(published, round.published()));
                    // A round numbers a bounded batch: after one that found work, go again at once
                    // (which also records what this one published) rather than at the next wake-up,
                    // which the rest may never send. A round that took the lease numbered nothing yet.
                    more = round.claimed() || !round.numbered().isEmpty();
                } else {
                    published = -1;
                    waitMillis = untilRunsOut(round.heldUntil(), System.currentTimeMillis(), waitMillis);
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                leader = false;
                LOG.log(Level.WARNING, "Sequencer " + owner + " failed; it tries again", e);
            }
            if (more) {
                continue;
            }
            try {
                if (wakeUps.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
                    wakeUps.drainPermits();
                }
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
                // Not from stop(): the loop goes on, for only stop() may end it.
                LOG.warning("Sequencer " + owner + " was interrupted while it runs; it goes on");
            }
        }
    }

    /**
     * How long a follower waits before its next try: {@code pace}, or less when the holder's lease
     * runs out sooner ({@code heldUntil}, epoch milliseconds), to just after it runs out.
     */
    static long untilRunsOut(long heldUntil, long now, long pace) {
        return Math.max(0, Math.min(pace, heldUntil + 1 - now));
    }

    /**
     * Publishes, in offset order, what was numbered but not published before this round (by a
     * sequencer that died, or a send that failed: read back from the journal), then what this
     * round numbered, as it numbered it. Returns the last offset published.
     */
    private long publish(Sequencing.Round round, long from) {
        long before = round.before();
        long done = from;
        while (done < before && running) {
            List<CommittedTransaction> unpublished = journal.read(done, before, PUBLISH_BATCH);
            if (unpublished.isEmpty()) {
                break; // purged meanwhile: the receivers find the gap and reset
            }
            for (CommittedTransaction tx : unpublished) {
                publisher.accept(tx);
                done = tx.lastOffset();
            }
        }
        for (CommittedTransaction tx : round.numbered()) {
            if (!running) {
                break;
            }
            if (tx.lastOffset() > done) {
                publisher.accept(tx);
                done = tx.lastOffset();
            }
        }
        return done;
    }
}
