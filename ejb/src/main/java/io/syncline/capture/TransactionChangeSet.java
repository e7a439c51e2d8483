package io.syncline.capture;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The changes captured in one JTA transaction. Registered as an interposed synchronization, it
 * hands them on only once the transaction has committed, and drops them on rollback.
 */
final class TransactionChangeSet implements Synchronization {

    private final List<EntityChange> changes = new ArrayList<>();
    private final Consumer<List<EntityChange>> onCommit;

    TransactionChangeSet(Consumer<List<EntityChange>> onCommit) {
        this.onCommit = onCommit;
    }

    void add(EntityChange change) {
        changes.add(change);
    }

    @Override
    public void beforeCompletion() {
        // Changes flushed at commit are added while the transaction prepares; nothing to do yet.
    }

    @Override
    public void afterCompletion(int status) {
        if (status == Status.STATUS_COMMITTED && !changes.isEmpty()) {
            onCommit.accept(List.copyOf(changes));
        }
    }
}
