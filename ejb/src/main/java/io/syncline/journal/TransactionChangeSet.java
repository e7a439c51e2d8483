package io.syncline.journal;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The changes captured in one JTA transaction: its id on the wire and, as an interposed
 * synchronization, the two moments that order it among transactions: just before it commits
 * (its commit stamp) and once it has committed (the sequencer's wake-up).
 */
final class TransactionChangeSet implements Synchronization {

    private final String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())
            + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    private final Consumer<String> beforeCommit;
    private final Runnable onCommit;

    TransactionChangeSet(Consumer<String> beforeCommit, Runnable onCommit) {
        this.beforeCommit = beforeCommit;
        this.onCommit = onCommit;
    }

    String id() {
        return id;
    }

    @Override
    public void beforeCompletion() {
        // Interposed synchronizations run after the provider's own, which flushes what is left:
        // every change is journaled by now, and the transaction holds all its row locks. An
        // exception here rolls the transaction back.
        beforeCommit.accept(id);
    }

    @Override
    public void afterCompletion(int status) {
        if (status == Status.STATUS_COMMITTED) {
            onCommit.run();
        }
    }
}
