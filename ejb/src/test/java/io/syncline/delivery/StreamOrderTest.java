package io.syncline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncline.capture.ChangeOp;
import io.syncline.capture.EntityChange;
import io.syncline.journal.CommittedTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The registry's order: duplicates dropped, gaps filled from the journal, holes stepped over and reported. */
class StreamOrderTest {

    /** A journal of transactions by first offset. */
    private final TreeMap<Long, CommittedTransaction> journal = new TreeMap<>();
    private final List<Long> missing = new ArrayList<>();
    private final StreamOrder order = new StreamOrder(this::read, missing::add);

    @Test
    void aTransactionSeenBeforeIsDropped() {
        order.startAfter(0);
        assertThat(order.arrived(tx(1, 2))).hasSize(1);

        assertThat(order.arrived(tx(1, 2))).isEmpty();
        assertThat(order.lastOffset()).isEqualTo(2);
    }

    @Test
    void aGapIsFilledFromTheJournalBeforeWhatFollowsIt() {
        order.startAfter(0);
        journaled(tx(1, 2), tx(3, 1), tx(4, 3));

        List<CommittedTransaction> delivered = order.arrived(tx(7, 1));

        assertThat(delivered).extracting(CommittedTransaction::firstOffset).containsExactly(1L, 3L, 4L, 7L);
        assertThat(missing).isEmpty();
    }

    @Test
    void whatWasPublishedButNeverArrivedComesFromTheJournal() {
        order.startAfter(2);
        journaled(tx(1, 2), tx(3, 2));

        assertThat(order.published(4)).extracting(CommittedTransaction::firstOffset).containsExactly(3L);
        assertThat(order.published(4)).isEmpty();
    }

    @Test
    void offsetsTheJournalNoLongerHoldsAreSteppedOverAndReportedNotDeliveredAcross() {
        order.startAfter(0);
        journaled(tx(6, 1)); // 1 to 5 purged

        List<CommittedTransaction> delivered = order.arrived(tx(7, 1));

        assertThat(delivered).extracting(CommittedTransaction::firstOffset).containsExactly(6L, 7L);
        assertThat(missing).containsExactly(5L);
    }

    @Test
    void aHoleAtTheEndOfWhatWasPublishedMovesTheStreamPastIt() {
        order.startAfter(0);

        assertThat(order.published(3)).isEmpty();

        assertThat(missing).containsExactly(3L);
        assertThat(order.lastOffset()).isEqualTo(3);
    }

    @Test
    void withoutAStartTheStreamStartsWithTheFirstTransaction() {
        assertThat(order.arrived(tx(10, 2))).extracting(CommittedTransaction::firstOffset).containsExactly(10L);
        assertThat(order.lastOffset()).isEqualTo(11);
    }

    private void journaled(CommittedTransaction... txs) {
        for (CommittedTransaction tx : txs) {
            journal.put(tx.firstOffset(), tx);
        }
    }

    private List<CommittedTransaction> read(long after, long through, int max) {
        List<CommittedTransaction> read = new ArrayList<>();
        for (CommittedTransaction tx : journal.values()) {
            if (tx.firstOffset() > after && tx.lastOffset() <= through && read.size() < max) {
                read.add(tx);
            }
        }
        return read;
    }

    private static CommittedTransaction tx(long firstOffset, int size) {
        List<EntityChange> changes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            changes.add(new EntityChange(ChangeOp.INSERT, "Card", firstOffset + "-" + i, 1, null));
        }
        return new CommittedTransaction("tx" + firstOffset, firstOffset, changes, 0);
    }
}
