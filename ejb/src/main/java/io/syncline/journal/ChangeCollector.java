package io.syncline.journal;

import io.syncline.capture.EntityChange;
import io.syncline.metrics.SynclineMetrics;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Collects the {@link EntityChange} events of each transaction and journals them inside it, just
 * before it commits, and wakes the sequencer once it has committed (a {@link WakeUp} event).
 *
 * <p>Why an interposed synchronization and not an {@code @Observes(during = AFTER_SUCCESS)}
 * observer: when EclipseLink flushes at commit, {@code @PostUpdate} runs after the transaction
 * has left the ACTIVE state, and Weld then silently drops a transactional observer. The
 * synchronization registry accepts an interposed synchronization until the transaction
 * completes.
 */
@ApplicationScoped
class ChangeCollector {

    private static final Object KEY = ChangeCollector.class;

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry transactions;

    @Inject
    JournalWriter journal;

    @Inject
    Event<WakeUp> wakeUps;

    @Inject
    SynclineMetrics metrics;

    void collect(@Observes EntityChange change) {
        if (transactions.getTransactionKey() == null) {
            throw new IllegalStateException(
                    "A synced entity changed outside a JTA transaction: " + change.entity() + " " + change.key());
        }
        TransactionChangeSet changeSet = (TransactionChangeSet) transactions.getResource(KEY);
        if (changeSet == null) {
            changeSet = new TransactionChangeSet(journal::write, changes -> {
                metrics.captured(changes);
                wakeUps.fire(new WakeUp(true));
            });
            transactions.putResource(KEY, changeSet);
            transactions.registerInterposedSynchronization(changeSet);
        }
        changeSet.add(change);
    }
}
