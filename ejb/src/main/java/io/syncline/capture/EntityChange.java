package io.syncline.capture;

import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.Objects;

/**
 * One captured change of a synced row: fired as a CDI event by the entity listener, journaled,
 * numbered, relayed and delivered. The row's representation is serialized once, when the change is
 * captured ({@link #dataText()}), and travels as that text to every subscriber; it is parsed at
 * most once per server, when a filter or the policy first looks into it ({@link #data()}).
 */
public final class EntityChange {

    private static final JsonProvider JSON = JsonProvider.provider();

    private final ChangeOp op;
    private final String entity;
    private final String key;
    private final long version;
    private final String dataText;
    private volatile JsonObject data;

    /**
     * @param dataText the row's representation (the entity's JSON-B form, the REST representation)
     *                 after the change; for a delete, as it was when deleted (kept on the server to
     *                 judge who saw the row, never sent); null when unknown
     */
    public EntityChange(ChangeOp op, String entity, String key, long version, String dataText) {
        this.op = Objects.requireNonNull(op, "op");
        this.entity = Objects.requireNonNull(entity, "entity");
        this.key = Objects.requireNonNull(key, "key");
        this.version = version;
        this.dataText = dataText;
    }

    /** A change whose representation is already parsed. */
    public static EntityChange of(ChangeOp op, String entity, String key, long version, JsonObject data) {
        EntityChange change = new EntityChange(op, entity, key, version, data == null ? null : data.toString());
        change.data = data;
        return change;
    }

    public ChangeOp op() {
        return op;
    }

    public String entity() {
        return entity;
    }

    public String key() {
        return key;
    }

    public long version() {
        return version;
    }

    /** The representation as JSON text, or null. */
    public String dataText() {
        return dataText;
    }

    /** The representation, parsed on first use, or null. */
    public JsonObject data() {
        JsonObject parsed = data;
        if (parsed == null && dataText != null) {
            try (var reader = JSON.createReader(new StringReader(dataText))) {
                parsed = reader.readObject();
            }
            data = parsed;
        }
        return parsed;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EntityChange other && op == other.op && version == other.version && entity.equals(other.entity)
                && key.equals(other.key) && Objects.equals(dataText, other.dataText);
    }

    @Override
    public int hashCode() {
        return Objects.hash(op, entity, key, version);
    }

    @Override
    public String toString() {
        return op.wireName() + " " + entity + " " + key + " v" + version;
    }
}
