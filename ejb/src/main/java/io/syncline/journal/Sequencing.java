package io.syncline.journal;

import io.syncline.SynclineUnit;
import io.syncline.capture.SyncedEntities;
import io.syncline.capture.SyncedEntityType;
import io.syncline.metrics.SynclineMetrics;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.SynchronizationType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes the journal's order: leases the sequencer role, numbers committed changes in commit
 * order, records what was published and purges what is old. Each method is one transaction of its
 * own, and locks the journal's single state row ({@link SequencerState}).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class Sequencing {

    private static final Logger LOG = Logger.getLogger(Sequencing.class.getName());

    /**
     * One pass numbers transactions until they hold this many changes (each whole, however large);
     * the sequencer comes back at once for the rest.
     */
    static final int SEQUENCE_BATCH = 1000;

    @Inject
    @SynclineUnit
    EntityManager em;

    @Inject
    SyncedEntities entities;

    @Inject
    SynclineMetrics metrics;

    /**
     * Gives up the lease if {@code owner} holds it, so another server takes over at once, and
     * records what it published last ({@code publishedThrough}, or -1), so that its successor does
     * not publish it again.
     */
    public void release(String owner, long publishedThrough) {
        SequencerState state = lockedState();
        if (owner.equals(state.owner())) {
            state.publishedOffset(Math.min(publishedThrough, state.lastOffset()));
            state.lease(null, null);
        }
    }

    /**
     * One round of the sequencer, in one transaction: takes or renews the lease for {@code owner};
     * if it holds it, records that every offset through {@code publishedThrough} has been published
     * (what its previous rounds sent), and, unless it has just taken the lease, numbers the changes
     * of transactions that have committed since, transaction by transaction, with consecutive offsets.
     *
     * @param publishedThrough the last offset this sequencer has published, or -1
     */
    public Round round(String owner, Duration lease, long publishedThrough) {
        SequencerState state = lockedState();
        Instant now = Instant.now();
        if (!state.claimableBy(owner, now)) {
            return Round.follower(state.leaseUntil());
        }
        boolean claimed = !state.heldBy(owner, now);
        state.lease(owner, now.plus(lease));
        state.publishedOffset(Math.min(publishedThrough, state.lastOffset()));
        metrics.publishedThrough(state.publishedOffset());
        long before = state.lastOffset();
        if (claimed) {
            // Taking the lease over is a round of its own, committed at once: the others see the
            // new holder without waiting for what it numbers next.
            return new Round(true, state.publishedOffset(), before, List.of(), 0, true);
        }
        long offset = before;
        List<JournalEntry> raw = new ArrayList<>();
        List<List<JournalEntry>> txs = committedInOrder();
        for (List<JournalEntry> tx : txs) {
            for (JournalEntry entry : tx) {
                entry.assign(++offset);
                if (entry.rawRow()) {
                    raw.add(entry);
                }
            }
        }
        represent(raw);
        metrics.capturedByTrigger(raw.size());
        metrics.sequenced(offset - before, offset);
        state.lastOffset(offset);
        if (!txs.isEmpty()) {
            // Numbering a batch may take longer than the lease on a saturated machine: the lease
            // counts from when the offsets are written, not from when the round began, or another
            // server would take it over the moment this one commits. (This transaction holds the
            // state row's lock throughout: nobody can have taken the lease meanwhile.)
            em.flush();
            state.lease(owner, Instant.now().plus(lease));
        }
        return new Round(true, state.publishedOffset(), before, txs.stream().map(Journal::committed).toList(), 0, false);
    }

    /**
     * What one {@link #round} found.
     *
     * @param leader    whether the sequencer holds the lease (else nothing was numbered)
     * @param published the last offset recorded as published
     * @param before    the last offset given out before this round
     * @param numbered  the transactions numbered in this round, in offset order
     * @param heldUntil when another holds the lease: when it runs out unless renewed (epoch
     *                  milliseconds), so that a follower tries again right then; else 0
     * @param claimed   whether this round took the lease (it numbered nothing: the next round does)
     */
    public record Round(boolean leader, long published, long before, List<CommittedTransaction> numbered, long heldUntil,
                        boolean claimed) {

        static Round follower(long heldUntil) {
            return new Round(false, -1, -1, List.of(), heldUntil, false);
        }
    }

    /**
     * The committed transactions not numbered yet, whole, each with its changes in the order they
     * were written, in the order to number them: by their key, the highest of their commit stamp
     * and their rows' indexes (see {@link JournalEntry}). These values come from one sequence, drawn
     * after the row locks: a transaction that waited for another's lock draws them all after the
     * other committed, and sorts after it whatever the servers' clocks say. Only committed rows are
     * visible here, and one that commits later with a lower key conflicted with none of these (it
     * would have waited): taking the lowest keys first is safe, {@link #SEQUENCE_BATCH} changes'
     * worth at a time.
     */
    private List<List<JournalEntry>> committedInOrder() {
        List<Object[]> pending = em.createQuery("select e.tx, max(coalesce(e.commitSeq, e.index)) as txKey, count(e.index)"
                        + " from JournalEntry e where e.offset is null group by e.tx order by txKey, e.tx", Object[].class)
                .setMaxResults(SEQUENCE_BATCH)
                .getResultList();
        metrics.committedWaiting(pending.stream().mapToLong(tx -> ((Number) tx[2]).longValue()).sum());
        Map<String, List<JournalEntry>> txs = new LinkedHashMap<>();
        long changes = 0;
        long maxKey = Long.MIN_VALUE;
        for (Object[] tx : pending) {
            if (changes >= SEQUENCE_BATCH) {
                break;
            }
            txs.put((String) tx[0], new ArrayList<>());
            maxKey = ((Number) tx[1]).longValue();
            changes += ((Number) tx[2]).longValue();
        }
        if (txs.isEmpty()) {
            return List.of();
        }
        // Every row of the chosen transactions has a value up to its transaction's key; a few rows
        // of later transactions may too, and are passed over. (No IN list of transaction ids: H2
        // compares each row with each id.)
        em.createQuery("select e from JournalEntry e where e.offset is null and coalesce(e.commitSeq, e.index) <= :maxKey"
                        + " order by e.index", JournalEntry.class)
                .setParameter("maxKey", maxKey)
                .getResultStream()
                .forEach(entry -> {
                    List<JournalEntry> tx = txs.get(entry.tx());
                    if (tx != null) {
                        tx.add(entry);
                    }
                });
        return new ArrayList<>(txs.values());
    }

    /**
     * Turns the raw rows that triggers journaled into the rows' representation, the same that the
     * entity listener writes: PostgreSQL rebuilds the row as the table's record type, the provider
     * maps it to the entity, JSON-B writes it. A reader of its own keeps these historical states out
     * of the transaction's persistence context.
     */
    private void represent(List<JournalEntry> raw) {
        if (raw.isEmpty()) {
            return;
        }
        EntityManager reader = em.getEntityManagerFactory().createEntityManager(SynchronizationType.UNSYNCHRONIZED);
        try {
            for (JournalEntry entry : raw) {
                try {
                    SyncedEntityType type = entities.named(entry.entity()).orElseThrow(
                            () -> new IllegalStateException("journaled entity " + entry.entity() + " is not synced"));
                    Object row = reader.createNativeQuery("SELECT * FROM jsonb_populate_record(NULL::"
                                    + type.table().toLowerCase(Locale.ROOT) + ", CAST(? AS jsonb))", type.javaType())
                            .setParameter(1, entry.data())
                            .getSingleResult();
                    entry.represent(type.representation(row));
                } catch (RuntimeException e) {
                    // One row that cannot be represented must not stop the journal: it goes out as
                    // the trigger saw it (column names), and the log says why.
                    LOG.log(Level.WARNING, "Cannot represent " + entry.entity() + " " + entry.tx()
                            + " as its entity; sending the raw row", e);
                    entry.represent(entry.data());
                }
                reader.clear();
            }
        } finally {
            reader.close();
        }
    }

    /**
     * The journal's identity: a random id drawn when the journal is first used. Every server of
     * one journal publishes and receives under it, so applications that share a topic never take
     * each other's changes.
     */
    public String journalId() {
        SequencerState state = lockedState();
        if (state.journalId() == null) {
            state.journalId(UUID.randomUUID().toString());
        }
        return state.journalId();
    }

    /**
     * Deletes numbered changes older than {@code maxAge} or beyond the newest {@code maxRows}, and
     * returns the highest offset that may now be missing.
     */
    public long purge(Duration maxAge, long maxRows) {
        SequencerState state = lockedState();
        long byCount = state.lastOffset() - maxRows;
        Long byAge = em.createQuery("select max(e.offset) from JournalEntry e where e.capturedAt < :cutoff", Long.class)
                .setParameter("cutoff", Instant.now().minus(maxAge).toEpochMilli())
                .getSingleResult();
        long through = Math.max(byCount, byAge == null ? 0 : byAge);
        // Never purge what has not been published: a server may still need it to fill a gap.
        through = Math.min(through, state.publishedOffset());
        if (through > state.purgedOffset()) {
            em.createQuery("delete from JournalEntry e where e.offset <= :through")
                    .setParameter("through", through)
                    .executeUpdate();
            state.purgedOffset(through);
        }
        return state.purgedOffset();
    }

    private SequencerState lockedState() {
        SequencerState state = em.find(SequencerState.class, SequencerState.ROW, LockModeType.PESSIMISTIC_WRITE);
        if (state == null) {
            state = SequencerState.first();
            em.persist(state);
            em.flush(); // two servers starting at once: one insert fails and its caller retries
        }
        return state;
    }
}
