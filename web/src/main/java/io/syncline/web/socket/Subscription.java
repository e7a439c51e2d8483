package io.syncline.web.socket;

import io.syncline.relay.CommittedTransaction;
import io.syncline.subscribe.Filter;
import java.util.ArrayList;
import java.util.List;

/**
 * One open subscription of a session: the changes of {@code entity} after offset {@code after}
 * to the rows its filter lets through.
 * While it catches up (a replay or a snapshot being sent), live transactions are held back and
 * sent once it has caught up, so the client sees one ordered stream without gap.
 */
final class Subscription {

    private final String id;
    private final String entity;
    private final Filter filter;
    private final long after;
    private List<CommittedTransaction> held;

    Subscription(String id, String entity, Filter filter, long after, boolean catchingUp) {
        this.id = id;
        this.entity = entity;
        this.filter = filter;
        this.after = after;
        this.held = catchingUp ? new ArrayList<>() : null;
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

    /** The subscription's stream holds the changes after this offset. */
    long after() {
        return after;
    }

    boolean catchingUp() {
        return held != null;
    }

    void hold(CommittedTransaction tx) {
        held.add(tx);
    }

    /** Ends the catch-up and returns what was held back meanwhile. */
    List<CommittedTransaction> caughtUp() {
        List<CommittedTransaction> released = held;
        held = null;
        return released;
    }
}
