package io.syncline.journal;

import io.syncline.SynclineUnit;
import io.syncline.capture.EntityChange;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the change journal back: committed transactions by offset, a row's earlier state, the
 * changes of an entity after an offset, and the journal's watermarks. Each method is one
 * transaction of its own. Numbering, the lease and retention are {@link Sequencing}'s.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class Journal {

    @Inject
    @SynclineUnit
    EntityManager em;

    /** The committed transactions with offsets after {@code after}, up to {@code through}, in offset order. */
    public List<CommittedTransaction> read(long after, long through, int maxChanges) {
        List<JournalEntry> entries = em.createQuery(
                        "select e from JournalEntry e where e.offset > :after and e.offset <= :through order by e.offset",
                        JournalEntry.class)
                .setParameter("after", after)
                .setParameter("through", through)
                .setMaxResults(maxChanges)
                .getResultList();
        Map<String, List<JournalEntry>> byTx = new LinkedHashMap<>();
        for (JournalEntry entry : entries) {
            byTx.computeIfAbsent(entry.tx(), tx -> new ArrayList<>()).add(entry);
        }
        List<CommittedTransaction> txs = new ArrayList<>();
        for (List<JournalEntry> tx : byTx.values()) {
            txs.add(committed(tx));
        }
        if (entries.size() == maxChanges) {
            // The last transaction may be cut short: the next read takes it whole, or, when it is
            // the only one, it is read whole now.
            CommittedTransaction last = txs.remove(txs.size() - 1);
            if (txs.isEmpty()) {
                txs.add(whole(last.tx()));
            }
        }
        return txs;
    }

    private CommittedTransaction whole(String tx) {
        List<JournalEntry> entries = em.createQuery(
                        "select e from JournalEntry e where e.tx = :tx order by e.offset", JournalEntry.class)
                .setParameter("tx", tx)
                .getResultList();
        return committed(entries);
    }

    /** One transaction's entries, in offset order, as the transaction. */
    static CommittedTransaction committed(List<JournalEntry> entries) {
        JournalEntry first = entries.get(0);
        return new CommittedTransaction(first.tx(), first.offset(), entries.stream().map(JournalEntry::change).toList(),
                first.committedAt());
    }

    /**
     * The representation of a row before the change at {@code offset}: the data of its latest
     * earlier change still in the journal, or null.
     */
    public JsonObject dataBefore(String entity, String key, long offset) {
        List<JournalEntry> earlier = em.createQuery("select e from JournalEntry e where e.entity = :entity"
                        + " and e.key = :key and e.offset < :offset order by e.offset desc", JournalEntry.class)
                .setParameter("entity", entity)
                .setParameter("key", key)
                .setParameter("offset", offset)
                .setMaxResults(1)
                .getResultList();
        return earlier.isEmpty() ? null : earlier.get(0).change().data();
    }

    /**
     * The changes of one entity after {@code after}: the numbered ones in offset order, then those
     * committed but not numbered yet (they will be numbered after every offset given out so far),
     * in the order they were journaled. One query: a change numbered meanwhile is not missed
     * between a read of the numbered changes and one of the others.
     */
    public List<EntityChange> changesAfter(String entity, long after) {
        List<JournalEntry> entries = new ArrayList<>(em.createQuery("select e from JournalEntry e where e.entity = :entity"
                        + " and (e.offset > :after or e.offset is null)", JournalEntry.class)
                .setParameter("entity", entity)
                .setParameter("after", after)
                .getResultList());
        entries.sort(Comparator.comparing((JournalEntry e) -> e.offset() == null)
                .thenComparing(JournalEntry::offset, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparingLong(JournalEntry::index));
        return entries.stream().map(JournalEntry::change).toList();
    }

    /** A journaled change with its offset (null while not numbered yet). */
    public record Change(Long offset, EntityChange change) {
    }

    /**
     * Up to {@code max} deletes of one entity numbered after {@code after}, in offset order; with
     * {@code unnumbered}, the deletes committed but not numbered yet instead.
     */
    public List<Change> deletesAfter(String entity, long after, boolean unnumbered, int max) {
        var query = em.createQuery("select e from JournalEntry e where e.entity = :entity and e.op = 'delete' and "
                        + (unnumbered ? "e.offset is null order by e.index" : "e.offset > :after order by e.offset"),
                        JournalEntry.class)
                .setParameter("entity", entity);
        if (!unnumbered) {
            query.setParameter("after", after);
        }
        return query.setMaxResults(max)
                .getResultStream()
                .map(entry -> new Change(entry.offset(), entry.change()))
                .toList();
    }

    /** Those of {@code keys} whose row of {@code entity} was inserted after offset {@code after} (numbered or not yet). */
    public Set<String> insertedAfter(String entity, long after, Collection<String> keys) {
        if (keys.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(em.createQuery("select e.key from JournalEntry e where e.entity = :entity and e.op = 'insert'"
                        + " and e.key in :keys and (e.offset > :after or e.offset is null)", String.class)
                .setParameter("entity", entity)
                .setParameter("keys", keys)
                .setParameter("after", after)
                .getResultList());
    }

    /** The journal's watermarks as they are now. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public SequencerState state() {
        SequencerState state = em.find(SequencerState.class, SequencerState.ROW);
        return state == null ? SequencerState.first() : state;
    }

}
