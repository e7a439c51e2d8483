package io.syncline.delivery;

import io.syncline.journal.CommittedTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The order in which a server delivers the stream: every offset once, in order. A transaction
 * seen before (republished after a sequencer failover) is dropped; one that arrives after a gap
 * (a message lost or late) comes after the gap's transactions, read from the journal; offsets the
 * journal no longer holds are stepped over, never delivered across silently: the caller is told.
 * Not thread-safe: the registry calls it under its delivery lock.
 */
final class StreamOrder {

    /** Reads the journal: the transactions after {@code after} through {@code through}, at most about {@code max} changes. */
    @FunctionalInterface
    interface Journal {
        List<CommittedTransaction> read(long after, long through, int max);
    }

    static final int PAGE = 1000;

    private final Journal journal;
    private final LongConsumer missing;
    private long lastOffset = -1;

    /**
     * @param missing told the last offset of each range the journal could not fill (from the offset
     *                after the one last delivered)
     */
    StreamOrder(Journal journal, LongConsumer missing) {
        this.journal = journal;
        this.missing = missing;
    }

    boolean started() {
        return lastOffset >= 0;
    }

    /** The stream starts after {@code offset} (what was published when the server started). */
    void startAfter(long offset) {
        lastOffset = offset;
    }

    /** The newest offset delivered. */
    long lastOffset() {
        return lastOffset;
    }

    /**
     * What to deliver, in order, now that {@code tx} arrived: nothing when it was seen before; the
     * transactions of a gap before it, then it. (The stream starts with it when nothing came before.)
     */
    List<CommittedTransaction> arrived(CommittedTransaction tx) {
        if (!started()) {
            lastOffset = tx.firstOffset() - 1;
        }
        if (tx.lastOffset() <= lastOffset) {
            return List.of();
        }
        List<CommittedTransaction> deliver = tx.firstOffset() > lastOffset + 1 ? fill(tx.firstOffset() - 1) : new ArrayList<>();
        deliver.add(tx);
        lastOffset = tx.lastOffset();
        return deliver;
    }

    /** What was published through {@code published} but has not arrived, from the journal, in order. */
    List<CommittedTransaction> published(long published) {
        return published > lastOffset ? fill(published) : List.of();
    }

    private List<CommittedTransaction> fill(long through) {
        List<CommittedTransaction> filled = new ArrayList<>();
        while (lastOffset < through) {
            List<CommittedTransaction> page = journal.read(lastOffset, through, PAGE);
            boolean moved = false;
            for (CommittedTransaction tx : page) {
                if (tx.firstOffset() > lastOffset + 1) {
                    break;
                }
                filled.add(tx);
                lastOffset = tx.lastOffset();
                moved = true;
            }
            if (!moved) {
                long missingThrough = page.isEmpty() ? through : page.get(0).firstOffset() - 1;
                missing.accept(missingThrough);
                lastOffset = missingThrough;
            }
        }
        return filled;
    }
}
