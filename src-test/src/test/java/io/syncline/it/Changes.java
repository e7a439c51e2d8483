package io.syncline.it;

import jakarta.json.JsonObject;
import java.util.function.Predicate;

/** Predicates on the changes of {@code changes} frames (and on journal entries, which share key and op). */
final class Changes {

    private Changes() {
    }

    /** The change of the row that a REST reply or a frame's {@code data} shows. */
    static Predicate<JsonObject> key(JsonObject row) {
        return key(row.getJsonNumber("id").longValue());
    }

    static Predicate<JsonObject> key(long id) {
        String key = Long.toString(id);
        return change -> key.equals(change.getString("key"));
    }

    static Predicate<JsonObject> op(String op) {
        return change -> op.equals(change.getString("op"));
    }
}
