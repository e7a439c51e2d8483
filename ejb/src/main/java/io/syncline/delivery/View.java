package io.syncline.delivery;

import io.syncline.journal.CommittedTransaction;
import jakarta.json.JsonObject;
import java.util.function.Predicate;

/**
 * One user's view at an offset of the stream: which rows they may see there. A subscription moves
 * its view over each transaction in offset order (see {@link Views}). Used by one thread at a time.
 */
interface View {

    /** Whether the user may see the row of {@code entity} that {@code data} represents, at this offset. */
    boolean maySee(String entity, JsonObject data);

    /**
     * Whether {@code tx} may move this view (it changed a row that grants or takes back access):
     * when it does not, {@link #advance} would return null and change nothing. The answer must be
     * the same for every user's view (it asks what the transaction changed, not whose access), so
     * that a transaction is asked once for all its subscriptions.
     */
    boolean concerns(CommittedTransaction tx);

    /**
     * Moves the view over {@code tx}, the next transaction in offset order. Returns the rows the
     * user lost by it — their subscriptions get {@code leave} for those they hold — or null when
     * the user lost none.
     */
    Revocation advance(CommittedTransaction tx);

    /** A row as the view sees it. */
    record Row(String entity, JsonObject data) {
    }

    /** The rows a user lost: as a test, and as a query restriction to find them among the current rows. */
    record Revocation(Predicate<Row> rows, Restriction query) {

        Revocation or(Revocation other) {
            return new Revocation(rows.or(other.rows),
                    (entity, cb, root) -> cb.or(query.toPredicate(entity, cb, root), other.query.toPredicate(entity, cb, root)));
        }
    }
}
