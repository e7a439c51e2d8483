package io.syncline.relay;

import io.syncline.capture.EntityChange;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;

/**
 * The changes of one committed transaction with their offsets: change {@code i} has offset
 * {@code firstOffset + i}. This is what travels on the JMS topic and what the message-driven bean
 * fires as a CDI event to the server's delivery layer.
 */
public record CommittedTransaction(String tx, long firstOffset, List<EntityChange> changes) {

    public CommittedTransaction {
        changes = List.copyOf(changes);
        if (changes.isEmpty()) {
            throw new IllegalArgumentException("a committed transaction without changes");
        }
    }

    public long offsetOf(int index) {
        return firstOffset + index;
    }

    public long lastOffset() {
        return offsetOf(changes.size() - 1);
    }

    /** The JMS message body. */
    public String toJson() {
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (int i = 0; i < changes.size(); i++) {
            array.add(changes.get(i).toJson(offsetOf(i)));
        }
        return Json.createObjectBuilder()
                .add("tx", tx)
                .add("changes", array)
                .build()
                .toString();
    }

    public static CommittedTransaction fromJson(String body) {
        JsonObject json;
        try (var reader = Json.createReader(new StringReader(body))) {
            json = reader.readObject();
        }
        List<JsonObject> items = json.getJsonArray("changes").getValuesAs(JsonValue::asJsonObject);
        long first = items.get(0).getJsonNumber("offset").longValue();
        return new CommittedTransaction(json.getString("tx"), first,
                items.stream().map(EntityChange::fromJson).toList());
    }
}
