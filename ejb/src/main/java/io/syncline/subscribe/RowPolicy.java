package io.syncline.subscribe;

import io.syncline.relay.CommittedTransaction;
import jakarta.json.JsonObject;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Decides which rows a user may see: in snapshots, in the stream, in replays and for leaves. The
 * application provides one as a CDI bean (the demo's: {@code BoardMembersPolicy}).
 */
public interface RowPolicy {

    /** Whether {@code user} may see the row of {@code entity} that {@code data} represents. */
    boolean maySee(String user, String entity, JsonObject data);

    /**
     * Why {@code user} may not open a subscription with this filter at all — for instance one
     * pinned to a board they are not a member of — or empty to accept it (it then carries only
     * rows the user may see). A refusal is answered with {@code error} code {@code forbidden}.
     */
    default java.util.Optional<String> refusal(String user, String entity, Filter filter) {
        return java.util.Optional.empty();
    }

    /**
     * The same decision as a query restriction, so that snapshots read only the user's rows; null
     * to read every row and test each with {@link #maySee}.
     */
    default Restriction visibleTo(String user) {
        return null;
    }

    /**
     * Called with each committed transaction, in offset order, before it is delivered. Returns, for
     * each user whose view it shrank, the rows that user no longer may see: their subscriptions get
     * {@code leave} for those rows, then silence.
     */
    default Map<String, Revocation> committed(CommittedTransaction tx) {
        return Map.of();
    }

    /**
     * The policy for {@code user} as it was at {@code offset}, to judge a replay of the journal
     * from there: {@link History#advance} moves it over each replayed transaction, before its
     * changes are judged. By default, today's policy.
     */
    default History history(String user, long offset) {
        return new History() {
            @Override
            public boolean maySee(String entity, JsonObject data) {
                return RowPolicy.this.maySee(user, entity, data);
            }

            @Override
            public void advance(CommittedTransaction tx) {
            }
        };
    }

    /** What one user may see, at an offset of a replay. */
    interface History {

        boolean maySee(String entity, JsonObject data);

        void advance(CommittedTransaction tx);
    }

    /** A row as the policy sees it. */
    record Row(String entity, JsonObject data) {
    }

    /** The rows a user lost: as a test, and as a query restriction to find them. */
    record Revocation(Predicate<Row> rows, Restriction query) {

        public Revocation or(Revocation other) {
            return new Revocation(rows.or(other.rows),
                    (entity, cb, root) -> cb.or(query.toPredicate(entity, cb, root), other.query.toPredicate(entity, cb, root)));
        }
    }
}
