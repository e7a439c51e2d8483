package io.syncline.capture;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The changes captured in one JTA transaction: its id on the wire, how many it holds, and — as an
 * interposed synchronization — the signal that it committed.
 */
final class TransactionChangeSet implements Synchronization {

    private final String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())
            + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    private final Runnable onCommit;
    private int size;

    TransactionChangeSet(Runnable onCommit) {
        this.onCommit = onCommit;
    }

    String id() {
        return id;
    }

    /** Counts one more change and returns its index in the transaction. */
    int add() {
        return size++;
    }

    @Override
    public void beforeCompletion() {
        // Changes flushed at commit are still being added while the transaction prepares.
    }

    @Override
    public void afterCompletion(int status) {
        if (status == Status.STATUS_COMMITTED) {
            onCommit.run();
        }
    }
}
