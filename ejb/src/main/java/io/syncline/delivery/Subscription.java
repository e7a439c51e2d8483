package io.syncline.delivery;

import io.syncline.capture.ChangeOp;
import io.syncline.capture.EntityChange;
import io.syncline.journal.CommittedTransaction;
import jakarta.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * One open subscription of a session: a cursor over the offsets of the stream. It receives the
 * changes of {@code entity} after offset {@link #after()} to the rows its filter lets through and
 * its user may see, judged transaction by transaction with the user's view at that transaction's
 * offset. A subscription that starts with a snapshot sends the current rows first, then the stream
 * after the snapshot's watermark. Whether the stream comes from the server's recent transactions
 * or from the journal makes no difference to what it sends.
 */
final class Subscription {

    private final String id;
    private final String entity;
    private final Filter filter;
    /** The attribute the filter pins, or null: a transaction without its values is passed over at once. */
    private final Filter.Pin pin;
    private long after;
    private View history;
    private boolean snapshot;
    private Object snapshotAfterKey;
    /** Frames judged but not yet handed to the send queue. */
    private final Deque<String> pending = new ArrayDeque<>();

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
        this.snapshot = snapshot;
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

    /** The user's view at {@link #after()}; null until the subscription started. */
    View history() {
        return history;
    }

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
        if (!mayConcern(delivered)) {
            after = Math.max(after, tx.lastOffset());
            return NOTHING;
        }
        View.Revocation lost = history.advance(tx);
        Group group = new Group(id, tx.tx());
        List<EntityChange> changes = tx.changes();
        for (int i = 0; i < changes.size(); i++) {
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
     * False when {@code delivered} certainly holds nothing for this subscription, known without
     * judging a change: it moves no view and changes no row of the entity — or, under a filter
     * that pins an attribute, no row that holds (or held) one of the pinned values.
     */
    private boolean mayConcern(Delivered delivered) {
        if (history.concerns(delivered.tx())) {
            return true;
        }
        if (pin == null) {
            return delivered.touches(entity);
        }
        Set<Object> values = delivered.valuesOf(entity, pin.attribute());
        if (values == null) {
            return true;
        }
        for (Object value : values) {
            if (pin.keys().contains(value)) {
                return true;
            }
        }
        return false;
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
