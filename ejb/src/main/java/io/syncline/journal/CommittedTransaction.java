package io.syncline.journal;

import io.syncline.capture.EntityChange;
import java.util.List;

/**
 * The changes of one committed transaction with their offsets: change {@code i} has offset
 * {@code firstOffset + i}. What the journal reads back, the relay carries to every server, and the
 * delivery hands to subscriptions.
 *
 * @param committedAt when the transaction committed, in epoch microseconds (see
 *                    {@code JournalEntry.committedAt}); 0 when unknown
 */
public record CommittedTransaction(String tx, long firstOffset, List<EntityChange> changes, long committedAt) {

    public CommittedTransaction {
        changes = List.copyOf(changes);
        if (changes.isEmpty()) {
            throw new IllegalArgumentException("a committed transaction without changes");
        }
    }

    public long offsetOf(int index) {
        return firstOffset + index;
    }

    public long lastOffset() {
        return offsetOf(changes.size() - 1);
    }
}
