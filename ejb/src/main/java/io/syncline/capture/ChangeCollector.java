package io.syncline.capture;

import io.syncline.relay.ChangePublisher;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Collects the {@link EntityChange} events of each JTA transaction into its
 * {@link TransactionChangeSet}, so that they leave the server only when it commits, together.
 *
 * <p>Why an interposed synchronization and not an {@code @Observes(during = AFTER_SUCCESS)}
 * observer: when EclipseLink flushes at commit, {@code @PostUpdate} runs after the transaction
 * has left the ACTIVE state, and Weld then silently drops a transactional observer. The
 * synchronization registry accepts an interposed synchronization until the transaction
 * completes.
 */
@ApplicationScoped
public class ChangeCollector {

    private static final Object KEY = ChangeCollector.class;

    @Resource
    TransactionSynchronizationRegistry transactions;

    @Inject
    ChangePublisher publisher;

    void collect(@Observes EntityChange change) {
        if (transactions.getTransactionKey() == null) {
            throw new IllegalStateException(
                    "A synced entity changed outside a JTA transaction: " + change.entity() + " " + change.key());
        }
        TransactionChangeSet changeSet = (TransactionChangeSet) transactions.getResource(KEY);
        if (changeSet == null) {
            changeSet = new TransactionChangeSet(publisher::publish);
            transactions.putResource(KEY, changeSet);
            transactions.registerInterposedSynchronization(changeSet);
        }
        changeSet.add(change);
    }
}
