package io.syncline.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The transactions this server delivered last, in offset order, bounded by the number of changes
 * they hold. Subscriptions that keep up take the stream from here; one that falls further behind
 * reads the journal instead, so no session ever makes the server hold more.
 */
final class RecentTransactions {

    private final int maxChanges;
    /** By last offset. */
    private final NavigableMap<Long, Delivered> transactions = new TreeMap<>();
    private int changes;

    RecentTransactions(int maxChanges) {
        this.maxChanges = maxChanges;
    }

    /** Adds the next transaction; forgets the oldest ones beyond the bound, and all of them after a hole. */
    synchronized void add(Delivered tx) {
        if (!transactions.isEmpty() && tx.tx().firstOffset() != transactions.lastKey() + 1) {
            transactions.clear(); // what is held no longer joins on
            changes = 0;
        }
        transactions.put(tx.tx().lastOffset(), tx);
        changes += tx.tx().changes().size();
        while (changes > maxChanges && transactions.size() > 1) {
            changes -= transactions.pollFirstEntry().getValue().tx().changes().size();
        }
    }

    /**
     * Up to {@code max} transactions, in offset order, that continue a stream after offset
     * {@code after}: the first holds offset {@code after + 1}. Null when the one that follows is
     * not held here (not yet, or no longer): the reader goes to the journal.
     */
    synchronized List<Delivered> after(long after, int max) {
        NavigableMap<Long, Delivered> following = transactions.tailMap(after, false);
        if (following.isEmpty() || following.firstEntry().getValue().tx().firstOffset() > after + 1) {
            return null;
        }
        List<Delivered> taken = new ArrayList<>(Math.min(max, following.size()));
        for (Map.Entry<Long, Delivered> tx : following.entrySet()) {
            if (taken.size() == max) {
                break;
            }
            taken.add(tx.getValue());
        }
        return taken;
    }
}
