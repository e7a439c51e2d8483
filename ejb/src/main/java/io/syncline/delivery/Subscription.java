package io.syncline.delivery;

import io.syncline.capture.ChangeOp;
import io.syncline.capture.EntityChange;
import io.syncline.journal.CommittedTransaction;
import jakarta.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Queue;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One open subscription of a session: a cursor over the offsets of the stream. It receives the
 * changes of {@code entity} after offset {@link #after()} to the rows its filter lets through and
 * its user may see, judged transaction by transaction with the user's view at that transaction's
 * offset. A subscription that starts with a snapshot sends the current rows first, then the stream
 * after the snapshot's watermark. Whether the stream comes from the server's recent transactions
 * or from the journal makes no difference to what it sends.
 */
final class Subscription {

    /** Transactions of the live stream waiting for a subscription at most (see {@link #offer}). */
    static final int INBOX = 1000;

    private final String id;
    private final String entity;
    private final Filter filter;
    /** The attribute the filter pins, or null: a transaction without its values is passed over at once. */
    private final Filter.Pin pin;
    private long after;
    private long liveAfter;
    private View history;
    private boolean snapshot;
    private Object snapshotAfterKey;
    /** Frames judged but not yet handed to the send queue. */
    private final Deque<String> pending = new ArrayDeque<>();
    /**
     * The live stream: the transactions that may concern this subscription, in offset order, as
     * the registry hands them out (see {@link #offer}); a subscription takes its stream from here
     * from {@link #liveFrom()} on, and reads what came before from the recent transactions or the
     * journal.
     */
    private final Queue<Delivered> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inboxSize = new AtomicInteger();
    /** The inbox overflowed: it holds nothing reliable until the subscription catches up again. */
    private volatile boolean overflowed;
    private long liveFrom = Long.MAX_VALUE;

    /**
     * @param after    the offset after which the stream starts (the watermark, or {@code since})
     * @param snapshot whether the current rows are sent first
     */
    Subscription(String id, String entity, Filter filter, long after, boolean snapshot) {
        this.id = id;
        this.entity = entity;
        this.filter = filter;
        this.pin = filter.pin();
        this.after = after;
        this.liveAfter = after;
        this.snapshot = snapshot;
    }

    /** Offsets after this one reached the subscription as they were delivered; it replayed those before (for the metrics). */
    long liveAfter() {
        return liveAfter;
    }

    /** The stream was at {@code watermark} when the subscription started. */
    void liveAfter(long watermark) {
        liveAfter = Math.max(after, watermark);
    }

    String id() {
        return id;
    }

    String entity() {
        return entity;
    }

    Filter filter() {
        return filter;
    }

    /** The attribute and values the filter pins, or null (see {@link Filter#pin}). */
    Filter.Pin pin() {
        return pin;
    }

    /** The subscription has been sent (or judged) everything up to this offset. */
    long after() {
        return after;
    }

    /** Starts the subscription with the user's view at {@link #after()}, which it moves from then on. */
    void start(View history) {
        this.history = history;
    }

    boolean snapshotPending() {
        return snapshot;
    }

    Object snapshotAfterKey() {
        return snapshotAfterKey;
    }

    /** A page of the snapshot was judged; {@code last} ends the snapshot, the stream follows. */
    void snapshotPage(Object lastKey, boolean last) {
        snapshotAfterKey = lastKey;
        snapshot = !last;
    }

    Deque<String> pending() {
        return pending;
    }

    /**
     * From now on the registry offers this subscription the transactions that may concern it:
     * after offset {@code handedOn} (what the stream had handed out when the registry started
     * offering), the inbox holds them all. Called with the stream's hand-on held still.
     */
    void live(long handedOn) {
        liveFrom = handedOn;
    }

    /** Where the live stream starts: before it, the subscription reads the recent transactions or the journal. */
    long liveFrom() {
        return liveFrom;
    }

    /**
     * A transaction that may concern this subscription, handed out in offset order (the registry's
     * thread). Beyond {@link #INBOX} waiting, the inbox overflows and the subscription reads the
     * stream from the recent transactions or the journal again: a session that does not keep up
     * holds no more than that.
     */
    void offer(Delivered tx) {
        if (overflowed) {
            return;
        }
        if (inboxSize.incrementAndGet() > INBOX) {
            overflowed = true;
            return;
        }
        inbox.add(tx);
    }

    /** The next transaction of the live stream, left in the inbox, or null. */
    Delivered peek() {
        return inbox.peek();
    }

    /** Whether transactions of the live stream wait in the inbox (safe from any thread). */
    boolean hasInbox() {
        return !inbox.isEmpty();
    }

    /** Takes the next transaction of the live stream, or null. */
    Delivered poll() {
        Delivered tx = inbox.poll();
        if (tx != null) {
            inboxSize.decrementAndGet();
        }
        return tx;
    }

    boolean overflowed() {
        return overflowed;
    }

    /**
     * After an overflow: empties the inbox and starts the live stream again after
     * {@code handedOn}; what comes before is read from the recent transactions or the journal.
     * Called with the stream's hand-on held still, so that no transaction goes by meanwhile.
     */
    void relive(long handedOn) {
        inbox.clear();
        inboxSize.set(0);
        overflowed = false;
        liveFrom = handedOn;
    }

    /** Every transaction through {@code offset} that may concern the subscription has been judged. */
    void judgedThrough(long offset) {
        after = Math.max(after, offset);
    }

    /**
     * Moves the cursor over {@code tx}, the transaction after {@link #after()} (it may start
     * before, when a client resumed in the middle of it): the user's view moves over it first, then
     * each change is judged on the row's state before and after it. A change to a row in the view
     * after it is sent; a row that was in the view and is not after it gets {@code leave}; a delete
     * is sent only for a row that was in the view. "Was in the view" is judged with the view after
     * the transaction, widened by the rows the transaction took from the user — so a board deleted
     * together with its memberships still reaches its members as deletes.
     *
     * @return the group to send (maybe empty) and the rows the user lost, which the caller turns
     *         into leaves for the rows of this subscription that the group does not already cover
     */
    Judged advance(Delivered delivered) {
        CommittedTransaction tx = delivered.tx();
        boolean movesView = delivered.movesViews(history);
        int[] candidates = candidates(delivered);
        boolean mayHoldRows = candidates == null ? delivered.touches(entity) : candidates.length > 0;
        if (!movesView && !mayHoldRows) {
            after = Math.max(after, tx.lastOffset());
            return NOTHING;
        }
        View.Revocation lost = movesView ? history.advance(tx) : null; // else it would change nothing
        Group group = new Group(id, tx.tx());
        List<EntityChange> changes = tx.changes();
        int count = candidates == null ? changes.size() : candidates.length;
        for (int c = 0; c < count; c++) {
            int i = candidates == null ? c : candidates[c];
            long offset = tx.offsetOf(i);
            EntityChange change = changes.get(i);
            if (offset <= after || !change.entity().equals(entity)) {
                continue;
            }
            if (change.op() == ChangeOp.DELETE) {
                JsonObject state = change.data() != null ? change.data() : delivered.before(i);
                if (wasVisible(state, lost)) {
                    group.change(change, delivered.frame(i));
                }
            } else if (filter.test(change.data()) && history.maySee(entity, change.data())) {
                group.change(change, delivered.frame(i));
            } else if (change.op() == ChangeOp.UPDATE && wasVisible(delivered.before(i), lost)) {
                group.leave(offset, entity, change.key());
            }
        }
        after = tx.lastOffset();
        return new Judged(group, lost);
    }

    /**
     * Under a filter that pins an attribute, the indexes of the only changes it can send or take
     * away, in order: those whose row held a pinned value after or before them (a row that never
     * held one never passed the filter); none, and the transaction holds no row for this
     * subscription. Null when every change is to be judged.
     */
    private int[] candidates(Delivered delivered) {
        if (pin == null) {
            return null;
        }
        if (pin.keys().size() == 1) {
            return delivered.changesWith(entity, pin.attribute(), pin.keys().iterator().next());
        }
        TreeSet<Integer> all = new TreeSet<>();
        for (Object key : pin.keys()) {
            int[] changes = delivered.changesWith(entity, pin.attribute(), key);
            if (changes == null) {
                return null;
            }
            for (int index : changes) {
                all.add(index);
            }
        }
        return all.stream().mapToInt(Integer::intValue).toArray();
    }

    private boolean wasVisible(JsonObject state, View.Revocation lost) {
        return state != null && filter.test(state)
                && (history.maySee(entity, state) || (lost != null && lost.rows().test(new View.Row(entity, state))));
    }

    /** What {@link #advance} judged of one transaction. */
    record Judged(Group group, View.Revocation lost) {
    }

    /** A transaction that holds nothing for the subscription. */
    private static final Judged NOTHING = new Judged(Group.NONE, null);
}
