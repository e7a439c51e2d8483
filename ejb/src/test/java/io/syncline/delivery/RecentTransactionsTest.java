package io.syncline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncline.capture.ChangeOp;
import io.syncline.capture.EntityChange;
import io.syncline.journal.CommittedTransaction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The recent transactions a subscription that keeps up reads, and the gaps that send it to the journal. */
class RecentTransactionsTest {

    private final RecentTransactions recent = new RecentTransactions(10);

    @Test
    void followingTransactionsStartAtTheOffsetAfterAndComeInOrder() {
        recent.add(delivered(1, 2));
        recent.add(delivered(3, 1));
        recent.add(delivered(4, 3));

        assertThat(recent.after(0, 10)).extracting(d -> d.tx().firstOffset()).containsExactly(1L, 3L, 4L);
        assertThat(recent.after(2, 10)).extracting(d -> d.tx().firstOffset()).containsExactly(3L, 4L);
        assertThat(recent.after(1, 1)).extracting(d -> d.tx().firstOffset()).containsExactly(1L); // resumed inside it
        assertThat(recent.after(6, 10)).as("nothing held beyond it yet").isNull();
    }

    @Test
    void aTransactionNoLongerHeldSendsTheReaderToTheJournal() {
        for (long offset = 1; offset <= 16; offset += 4) {
            recent.add(delivered(offset, 4)); // 16 changes, 10 kept: the first two transactions go
        }

        assertThat(recent.after(0, 10)).isNull();
        assertThat(recent.after(8, 10)).extracting(d -> d.tx().firstOffset()).containsExactly(9L, 13L);
    }

    @Test
    void aHoleForgetsWhatCameBefore() {
        recent.add(delivered(1, 2));
        recent.add(delivered(10, 1));

        assertThat(recent.after(2, 10)).isNull();
        assertThat(recent.after(9, 10)).extracting(d -> d.tx().firstOffset()).containsExactly(10L);
    }

    @Test
    void continuityHoldsOnlyForTransactionsThatFollowWithoutAGap() {
        List<CommittedTransaction> page = List.of(tx(3, 2), tx(5, 1), tx(6, 3));

        assertThat(StreamContinuity.follows(2, page)).isTrue();
        assertThat(StreamContinuity.follows(3, page)).as("resumed inside the first").isTrue();
        assertThat(StreamContinuity.follows(1, page)).as("offset 2 missing").isFalse();
        assertThat(StreamContinuity.follows(2, List.of(tx(3, 2), tx(6, 3)))).as("offset 5 missing").isFalse();
        assertThat(StreamContinuity.follows(2, List.of())).isFalse();
    }

    private static Delivered delivered(long firstOffset, int size) {
        CommittedTransaction tx = tx(firstOffset, size);
        return new Delivered(tx, new EntityChange[size], index -> null);
    }

    private static CommittedTransaction tx(long firstOffset, int size) {
        List<EntityChange> changes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            changes.add(new EntityChange(ChangeOp.INSERT, "Card", firstOffset + "-" + i, 1, null));
        }
        return new CommittedTransaction("tx" + firstOffset, firstOffset, changes, 0);
    }
}
