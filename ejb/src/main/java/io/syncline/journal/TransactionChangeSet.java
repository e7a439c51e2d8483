package io.syncline.journal;

import io.syncline.capture.EntityChange;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.function.IntConsumer;

/**
 * The changes captured in one JTA transaction: its id on the wire, the changes in the order they
 * were captured and, as an interposed synchronization, the two moments that order it among
 * transactions: just before it commits (its changes are journaled) and once it has committed (the
 * sequencer's wake-up).
 */
final class TransactionChangeSet implements Synchronization {

    private final String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())
            + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    private final List<EntityChange> changes = new ArrayList<>();
    private final BiConsumer<String, List<EntityChange>> beforeCommit;
    private final IntConsumer onCommit;

    /**
     * @param beforeCommit journals the transaction's changes, given its id
     * @param onCommit     told once the transaction has committed, with how many changes it journaled
     */
    TransactionChangeSet(BiConsumer<String, List<EntityChange>> beforeCommit, IntConsumer onCommit) {
        this.beforeCommit = beforeCommit;
        this.onCommit = onCommit;
    }

    String id() {
        return id;
    }

    /** A change the transaction made, in the order they were made. */
    void add(EntityChange change) {
        changes.add(change);
    }

    @Override
    public void beforeCompletion() {
        // Interposed synchronizations run after the provider's own, which flushes what is left:
        // every change is captured by now, and the transaction holds all its row locks. An
        // exception here rolls the transaction back.
        if (!changes.isEmpty()) {
            beforeCommit.accept(id, List.copyOf(changes));
        }
    }

    @Override
    public void afterCompletion(int status) {
        if (status == Status.STATUS_COMMITTED) {
            onCommit.accept(changes.size());
        }
    }
}
