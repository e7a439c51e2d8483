package io.syncline.subscribe;

import io.syncline.relay.CommittedTransaction;
import jakarta.json.JsonObject;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Decides which rows a user may see: in snapshots, in the stream, in replays and for leaves. The
 * application provides one as a CDI bean (the demo's: {@code BoardMembersPolicy}).
 *
 * <p>A user's view moves with the stream: {@link #history} gives it as it was at an offset, and
 * {@link History#advance} moves it over each committed transaction in offset order. Every
 * subscription follows its own history, so a change is always judged by the view at its own
 * offset, live or replayed.
 */
public interface RowPolicy {

    /**
     * The view of {@code user} as it was at {@code offset}: every change committed after that
     * offset undone, including changes committed but not numbered yet (which will be numbered
     * after it). Called once per subscription, off the delivery path; it may read the database.
     */
    History history(String user, long offset);

    /**
     * Why {@code user} may not open a subscription with this filter at all — for instance one
     * pinned to a board they are not a member of — or empty to accept it (it then carries only
     * rows the user may see). A refusal is answered with {@code error} code {@code forbidden}.
     */
    default Optional<String> refusal(String user, String entity, Filter filter) {
        return Optional.empty();
    }

    /**
     * What {@code user} may see of the current rows, as a query restriction, so that a snapshot
     * reads only the user's rows; null to read every row and judge each with the history at the
     * snapshot's watermark.
     */
    default Restriction visibleTo(String user) {
        return null;
    }

    /** One user's view at an offset of the stream. Used by one thread at a time. */
    interface History {

        /** Whether the user may see the row of {@code entity} that {@code data} represents, at this offset. */
        boolean maySee(String entity, JsonObject data);

        /**
         * Moves the view over {@code tx}, the next transaction in offset order. Returns the rows
         * the user lost by it — their subscriptions get {@code leave} for those they hold — or
         * null when the user lost none.
         */
        Revocation advance(CommittedTransaction tx);
    }

    /** A row as the policy sees it. */
    record Row(String entity, JsonObject data) {
    }

    /** The rows a user lost: as a test, and as a query restriction to find them among the current rows. */
    record Revocation(Predicate<Row> rows, Restriction query) {

        public Revocation or(Revocation other) {
            return new Revocation(rows.or(other.rows),
                    (entity, cb, root) -> cb.or(query.toPredicate(entity, cb, root), other.query.toPredicate(entity, cb, root)));
        }
    }
}
