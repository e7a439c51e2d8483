package io.syncline.delivery;

import io.syncline.journal.CommittedTransaction;
import java.util.List;

/** Whether transactions read to follow an offset continue the stream exactly: no offset missing. */
final class StreamContinuity {

    private StreamContinuity() {
    }

    /**
     * True when {@code txs} is not empty, its first transaction holds offset {@code after + 1}, and
     * each next one starts right after the one before. Anything else is a hole (purged from the
     * journal, or never there): nothing may be delivered across it.
     */
    static boolean follows(long after, List<CommittedTransaction> txs) {
        if (txs.isEmpty()) {
            return false;
        }
        long expected = after + 1;
        CommittedTransaction first = txs.get(0);
        if (first.firstOffset() > expected || first.lastOffset() < expected) {
            return false;
        }
        expected = first.lastOffset() + 1;
        for (CommittedTransaction tx : txs.subList(1, txs.size())) {
            if (tx.firstOffset() != expected) {
                return false;
            }
            expected = tx.lastOffset() + 1;
        }
        return true;
    }
}
