package io.syncline.delivery;

import io.syncline.metrics.SessionCounts;
import java.util.Collection;

/**
 * Counts this server's sessions for the metrics when they are scraped: one pass over the sessions,
 * taking each send queue's lock for a moment and no session's own lock (a worker may hold that
 * during a database read).
 */
final class SessionCensus {

    private SessionCensus() {
    }

    static SessionCounts of(Collection<SyncSession> sessions) {
        SessionCounts.Tally tally = new SessionCounts.Tally();
        for (SyncSession session : sessions) {
            tally.add(session.subscriptionCount(), session.queuedFrames(), session.backlogged());
        }
        return tally.counts();
    }
}
