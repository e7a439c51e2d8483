package io.syncline.delivery;

import io.syncline.capture.EntityChange;
import io.syncline.journal.Journal;
import java.util.List;
import java.util.Set;

/**
 * What a subscription reads from the database besides the stream: its snapshot, page by page, and
 * the rows to leave when its user lost a scope. Read with the session's worker, off the relay's
 * thread; at most a page in memory at a time.
 */
final class SubscriptionReads {

    private final SessionRegistry registry;
    private final String user;
    private final int pageSize;

    SubscriptionReads(SessionRegistry registry, String user, int pageSize) {
        this.registry = registry;
        this.user = user;
        this.pageSize = pageSize;
    }

    /**
     * Adds a leave, at {@code offset}, for each row of the subscription's view that the user lost
     * there: the current rows the revocation covers, and those deleted since (they are no longer
     * current, and their deletes are not sent to a user who lost them). Rows inserted after the
     * offset were never in the view. A leave for a row the client does not hold is harmless. Read
     * page by page: a revocation found in an old replay holds no more than a page in memory.
     */
    void leaves(Subscription subscription, Group group, View.Revocation lost, long offset) {
        String entity = subscription.entity();
        Filter filter = subscription.filter();
        SnapshotReader.Page page = null;
        do {
            page = registry.snapshots().rows(entity, filter, lost.query(), page == null ? null : page.lastKey(), pageSize);
            leaveFor(page.rows(), group, lost, entity, filter, offset);
        } while (page.rows().size() == pageSize);
        // Those not numbered yet first: one numbered meanwhile is then found among the numbered ones.
        List<Journal.Change> deletes = registry.journal().deletesAfter(entity, offset, true, 10 * pageSize);
        leaveFor(deletes.stream().map(Journal.Change::change).toList(), group, lost, entity, filter, offset);
        long after = offset;
        do {
            deletes = registry.journal().deletesAfter(entity, after, false, pageSize);
            leaveFor(deletes.stream().map(Journal.Change::change).toList(), group, lost, entity, filter, offset);
            after = deletes.isEmpty() ? after : deletes.get(deletes.size() - 1).offset();
        } while (deletes.size() == pageSize);
    }

    private void leaveFor(List<EntityChange> rows, Group group, View.Revocation lost, String entity, Filter filter, long offset) {
        List<EntityChange> inScope = rows.stream()
                .filter(row -> row.data() != null && filter.test(row.data()) && lost.rows().test(new View.Row(entity, row.data())))
                .toList();
        Set<String> newer = registry.journal().insertedAfter(entity, offset, inScope.stream().map(EntityChange::key).toList());
        for (EntityChange row : inScope) {
            if (!newer.contains(row.key())) {
                group.leave(offset, entity, row.key());
            }
        }
    }

    /** Reads and judges the next page of a subscription's snapshot. */
    void snapshotPage(Subscription subscription) {
        Restriction visible = registry.views().visibleNow(user);
        SnapshotReader.Page page = registry.snapshots().rows(subscription.entity(), subscription.filter(), visible,
                subscription.snapshotAfterKey(), pageSize);
        boolean last = page.rows().size() < pageSize;
        List<String> rows = page.rows().stream().map(Frames::row).toList();
        subscription.pending().add(Frames.snapshot(subscription.id(), subscription.after(), rows, last));
        subscription.snapshotPage(page.lastKey(), last);
    }
}
