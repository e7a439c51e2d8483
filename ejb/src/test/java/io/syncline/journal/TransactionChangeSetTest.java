package io.syncline.journal;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.transaction.Status;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransactionChangeSetTest {

    private final List<String> events = new ArrayList<>();
    private final TransactionChangeSet changeSet =
            new TransactionChangeSet(tx -> events.add("stamp " + tx), () -> events.add("wake"));

    @Test
    void committedTransactionIsStampedWithItsIdBeforeCompletionThenWakesTheSequencer() {
        changeSet.beforeCompletion();
        changeSet.afterCompletion(Status.STATUS_COMMITTED);

        assertThat(events).containsExactly("stamp " + changeSet.id(), "wake");
    }

    @Test
    void rolledBackTransactionWakesNothing() {
        changeSet.afterCompletion(Status.STATUS_ROLLEDBACK);

        assertThat(events).isEmpty();
    }
}
