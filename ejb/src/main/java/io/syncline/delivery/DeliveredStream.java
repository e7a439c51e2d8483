package io.syncline.delivery;

import io.syncline.capture.ChangeOp;
import io.syncline.capture.EntityChange;
import io.syncline.journal.CommittedTransaction;
import io.syncline.journal.Journal;
import io.syncline.metrics.SynclineMetrics;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This server's copy of the stream. Receives every committed transaction from the relay, keeps
 * the offset order whole, holds the most recent transactions for the subscriptions that keep up,
 * and tells the sessions that there is more (see {@link SessionRegistry}). The relay's thread does
 * no database work for any session and waits for none.
 *
 * <p>An offset seen before (republished after a sequencer failover) is dropped, and a gap (a
 * message lost or late) is filled from the journal first. A gap the journal can no longer fill is
 * stepped over: each subscription that needs it finds it missing when it reads the journal, and
 * gets {@code reset}.
 */
@ApplicationScoped
class DeliveredStream {

    private static final Logger LOG = Logger.getLogger(DeliveredStream.class.getName());
    /** Changes of recent transactions held for subscriptions that keep up; the others read the journal. */
    static final int RECENT_CHANGES = 20_000;
    /**
     * How many rows' latest state the stream remembers to judge leaves without the journal (about a
     * kilobyte each; an older row's state is read from the journal when needed).
     */
    static final int KNOWN_ROWS = 20_000;

    @Inject
    Journal journal;

    @Inject
    SynclineMetrics metrics;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    private final RecentTransactions recent = new RecentTransactions(RECENT_CHANGES);
    /**
     * The latest change of recently changed rows, by "entity key" (guarded by delivery): the relay's
     * thread keeps it as it came, and a subscription parses it only when it needs the row's state.
     */
    private final Map<String, EntityChange> known = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, EntityChange> eldest) {
            return size() > KNOWN_ROWS;
        }
    };
    /**
     * The end of the last gap the stream stepped over (-1: none): a subscription before it reads
     * the journal, finds the gap, and gets {@code reset}. Set before the transactions after the gap
     * are handed on.
     */
    private volatile long gapThrough = -1;
    private final Object delivery = new Object();
    /** Guarded by delivery. */
    private final StreamOrder order = new StreamOrder((after, through, max) -> journal.read(after, through, max),
            through -> {
                LOG.warning("Offsets through " + through + " are not in the journal any more;"
                        + " the subscriptions that need them get reset");
                gapThrough = Math.max(gapThrough, through);
            });
    /**
     * The newest offset delivered: {@link StreamOrder#lastOffset()}, published for readers outside
     * the lock once the transactions through it are among the recent ones.
     */
    private volatile long lastOffset;
    /** Told of each step: the transactions it delivered (see {@link #start}). */
    private volatile Function<List<Delivered>, Runnable> onMore = delivered -> () -> { };
    /** The newest offset whose transaction {@link #onMore} has been given (see {@link #handedOnThrough}). */
    private volatile long handedOn;
    private ScheduledFuture<?> tailCheck;

    /**
     * Starts the stream after what was published when the server started; {@code onMore} is given
     * each step, in offset order and one step at a time: the transactions it delivered. What it
     * returns runs once {@link #handedOnThrough()} includes them (it wakes whoever it handed them to).
     */
    void start(Function<List<Delivered>, Runnable> onMore) {
        synchronized (delivery) {
            this.onMore = onMore;
            if (tailCheck != null) {
                return;
            }
            if (!order.started()) {
                order.startAfter(journal.state().publishedOffset());
                lastOffset = order.lastOffset();
                handedOn = lastOffset;
            }
            // A lost JMS message is noticed as a gap when the next one arrives; when it was the last
            // one for a while, this check finds it within a second.
            tailCheck = scheduler.scheduleWithFixedDelay(this::catchUpWithJournal, 1, 1, TimeUnit.SECONDS);
        }
    }

    @PreDestroy
    void stop() {
        if (tailCheck != null) {
            tailCheck.cancel(false);
        }
    }

    /** The newest offset delivered on this server. */
    long lastOffset() {
        return lastOffset;
    }

    /**
     * The newest offset whose transaction, and every one before it, the stream has handed to
     * {@code onMore} (which had done with them when this moved): at most {@link #lastOffset()}.
     */
    long handedOnThrough() {
        return handedOn;
    }

    RecentTransactions recent() {
        return recent;
    }

    /** A transaction read from the journal (no longer among the recent ones), as this server delivers it. */
    Delivered fromJournal(CommittedTransaction tx) {
        return new Delivered(tx, new EntityChange[tx.changes().size()], index -> journalBefore(tx, index));
    }

    void deliver(@Observes CommittedTransaction tx) {
        synchronized (delivery) {
            List<CommittedTransaction> step = order.arrived(tx);
            for (CommittedTransaction received : step) {
                metrics.received(received == tx, received.changes().size());
            }
            handOn(step);
        }
    }

    /** Keeps what a step delivered among the recent transactions and hands it on, in order (holding delivery). */
    private void handOn(List<CommittedTransaction> step) {
        if (step.isEmpty()) {
            return;
        }
        List<Delivered> delivered = step.stream().map(this::accept).toList();
        lastOffset = order.lastOffset();
        Runnable then = onMore.apply(delivered);
        handedOn = lastOffset;
        then.run();
    }

    /** The end of the last gap the stream stepped over, or -1 (see {@link #gapThrough}). */
    long gapThrough() {
        return gapThrough;
    }

    /**
     * Runs {@code task} with {@link #handedOnThrough()} while the stream hands nothing on: what it
     * sets up is there for every later transaction handed on.
     */
    void holdingHandOn(LongConsumer task) {
        synchronized (delivery) {
            task.accept(handedOn);
        }
    }

    /** Delivers, from the journal, what was published but has not arrived here. */
    private void catchUpWithJournal() {
        try {
            long published = journal.state().publishedOffset();
            if (published > lastOffset) {
                synchronized (delivery) {
                    if (order.started()) {
                        List<CommittedTransaction> step = order.published(published);
                        step.forEach(tx -> metrics.received(false, tx.changes().size()));
                        handOn(step);
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Checking the journal for undelivered changes failed", e);
        }
    }

    private Delivered accept(CommittedTransaction tx) {
        Delivered delivered = new Delivered(tx, knownBefores(tx), index -> journalBefore(tx, index));
        recent.add(delivered);
        return delivered;
    }

    private JsonObject journalBefore(CommittedTransaction tx, int index) {
        EntityChange change = tx.changes().get(index);
        return change.op() == ChangeOp.INSERT ? null : journal.dataBefore(change.entity(), change.key(), tx.offsetOf(index));
    }

    /**
     * Each row's state before the transaction as this server delivered it last (taken now, before
     * the transaction updates it); null where the server does not know it.
     */
    private EntityChange[] knownBefores(CommittedTransaction tx) {
        List<EntityChange> changes = tx.changes();
        EntityChange[] before = new EntityChange[changes.size()];
        for (int i = 0; i < changes.size(); i++) {
            EntityChange change = changes.get(i);
            String row = change.entity() + " " + change.key();
            before[i] = change.op() == ChangeOp.INSERT ? null : known.get(row);
            if (change.op() == ChangeOp.DELETE) {
                known.remove(row);
            } else {
                known.put(row, change);
            }
        }
        return before;
    }
}
