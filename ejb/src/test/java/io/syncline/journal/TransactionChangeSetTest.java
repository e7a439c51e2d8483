package io.syncline.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncline.capture.ChangeOp;
import io.syncline.capture.EntityChange;
import jakarta.transaction.Status;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransactionChangeSetTest {

    private final List<String> events = new ArrayList<>();
    private final TransactionChangeSet changeSet = new TransactionChangeSet(
            (tx, changes) -> events.add("journal " + tx + " " + changes), count -> events.add("wake " + count));
    private final EntityChange first = new EntityChange(ChangeOp.INSERT, "Card", "1", 1, "{}");
    private final EntityChange second = new EntityChange(ChangeOp.UPDATE, "Card", "1", 2, "{}");

    @Test
    void committedTransactionJournalsItsChangesInOrderBeforeCompletionThenWakesTheSequencer() {
        changeSet.add(first);
        changeSet.add(second);

        changeSet.beforeCompletion();
        changeSet.afterCompletion(Status.STATUS_COMMITTED);

        assertThat(events).containsExactly("journal " + changeSet.id() + " " + List.of(first, second), "wake 2");
    }

    @Test
    void rolledBackTransactionWakesNothing() {
        changeSet.add(first);

        changeSet.afterCompletion(Status.STATUS_ROLLEDBACK);

        assertThat(events).isEmpty();
    }
}
