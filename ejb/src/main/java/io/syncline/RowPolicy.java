package io.syncline;

import jakarta.json.JsonObject;
import java.util.Optional;
import java.util.Set;

/**
 * Who may see which rows. The application provides exactly one as a CDI bean; without one,
 * Syncline sends no row to anyone (and says so at startup).
 *
 * <p>Every row belongs to a <em>scope</em> — a board, an owner, a tenant — and a user sees the rows
 * of the scopes they hold. A user holds scopes through the application's data: their own name, or
 * <em>grants</em>, rows of synced entities that give a user a scope (a board membership). Syncline
 * follows the grants through the stream itself, so every change is judged with the scopes the user
 * held at that change's offset, live or replayed after a resume; when a grant ends, the rows of its
 * scope leave the user's subscriptions ({@code leave} frames).
 *
 * <p>Scopes are compared with {@code equals}: return the same type everywhere (for instance a
 * {@code Long} for ids, as JPA reads them). Methods are called from many threads at once.
 */
public interface RowPolicy {

    /**
     * The scope a row belongs to, as its representation ({@code data}) shows it; null when no user
     * may see the row.
     */
    Object scopeOf(String entity, JsonObject row);

    /**
     * The JPA attribute path that holds the scope of {@code entity}'s rows (for instance
     * {@code "board.id"}), so that snapshots read only the user's rows; null when no user may see
     * rows of this entity.
     */
    String scopeAttribute(String entity);

    /** The scopes {@code user} holds now, as the application's tables say (grants included). */
    Set<?> scopesOf(String user);

    /** The entities whose rows are grants (see {@link #grant}); none by default. */
    default Set<String> grantEntities() {
        return Set.of();
    }

    /**
     * The grant a row of one of the {@link #grantEntities()} is: the user it gives a scope to, and
     * the scope; empty when this row grants nothing. A grant is given by an insert (or an update)
     * and taken back by the row's delete.
     */
    default Optional<Grant> grant(String entity, JsonObject row) {
        return Optional.empty();
    }

    /** A user's scope, given by a row. */
    record Grant(String user, Object scope) {
    }
}
