package io.syncline.sample;

import io.syncline.RowPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Set;

/**
 * A user sees their own notes and nobody else's: a note's scope is its owner, a user holds their own
 * name. For the tests, one user's scopes cannot be read ({@link #UNREADABLE}).
 */
@ApplicationScoped
public class NotesPolicy implements RowPolicy {

    private static final String NOTE = "Note";

    @Override
    public Object scopeOf(String entity, JsonObject row) {
        if (!NOTE.equals(entity)) {
            return null;
        }
        JsonValue owner = row.get("owner");
        return owner != null && owner.getValueType() == JsonValue.ValueType.STRING ? row.getString("owner") : null;
    }

    @Override
    public String scopeAttribute(String entity) {
        return NOTE.equals(entity) ? "owner" : null;
    }

    /** A user whose scopes cannot be read, as if the directory that knows them were down. */
    static final String UNREADABLE = "dave";

    @Override
    public Set<?> scopesOf(String user) {
        if (UNREADABLE.equals(user)) {
            throw new IllegalStateException("the directory that knows " + user + " does not answer");
        }
        return Set.of(user);
    }
}
