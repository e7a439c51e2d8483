package io.syncline.capture;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Objects;

/**
 * One captured change of a synced row, as the entity listener saw it: fired as a CDI event and
 * collected into the transaction's change set.
 *
 * @param data the row's representation (the REST representation) after the change; for a delete,
 *             as it was when deleted (kept on the server to judge who saw the row, never sent)
 */
public record EntityChange(ChangeOp op, String entity, String key, long version, JsonObject data) {

    public EntityChange {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(key, "key");
    }

    /** The change as it appears in a {@code changes} frame, at the given offset: a delete carries no data. */
    public JsonObjectBuilder toFrameJson(long offset) {
        JsonObjectBuilder json = toJson(offset);
        if (op == ChangeOp.DELETE) {
            json.remove("data");
        }
        return json;
    }

    /** The change as the server passes it on (the JMS message), at the given offset. */
    public JsonObjectBuilder toJson(long offset) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("offset", offset)
                .add("op", op.wireName())
                .add("entity", entity)
                .add("key", key)
                .add("version", version);
        if (data != null) {
            json.add("data", data);
        }
        return json;
    }

    /** Reads what {@link #toJson(long)} wrote (the offset is read by the caller). */
    public static EntityChange fromJson(JsonObject json) {
        return new EntityChange(
                ChangeOp.fromWireName(json.getString("op")),
                json.getString("entity"),
                json.getString("key"),
                json.getJsonNumber("version").longValue(),
                json.containsKey("data") ? json.getJsonObject("data") : null);
    }
}
