package io.syncline.delivery;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.util.NoSuchElementException;
import java.util.Set;

/** A parsed client frame: its {@code op}, its {@code id} and the whole JSON object. */
record ClientFrame(String op, String id, JsonObject json) {

    static final Set<String> OPS = Set.of("subscribe", "unsubscribe", "ping", "join", "part");
    static final int MAX_ID_LENGTH = 128;

    /** Parses a text frame, or says precisely what is wrong with it. */
    public static ClientFrame parse(String text) throws ProtocolException {
        JsonValue value;
        try (JsonParser parser = Frames.JSON.createParser(new StringReader(text))) {
            parser.next();
            value = parser.getValue();
            if (parser.hasNext()) { // one JSON value, and nothing after it
                throw new ProtocolException(ErrorCode.BAD_JSON, null, "the frame holds more than one JSON value");
            }
        } catch (JsonException | IllegalStateException | NoSuchElementException e) {
            throw new ProtocolException(ErrorCode.BAD_JSON, null, "the frame is not valid JSON");
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new ProtocolException(ErrorCode.BAD_JSON, null, "the frame is not a JSON object");
        }
        JsonObject json = value.asJsonObject();
        String id = json.get("id") instanceof JsonString s ? s.getString() : null;
        if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            throw new ProtocolException(ErrorCode.INVALID_FRAME, null,
                    "'id' must be a string of 1 to " + MAX_ID_LENGTH + " characters");
        }
        if (!(json.get("op") instanceof JsonString op)) {
            throw new ProtocolException(ErrorCode.INVALID_FRAME, id, "'op' must be a string");
        }
        if (!OPS.contains(op.getString())) {
            throw new ProtocolException(ErrorCode.UNKNOWN_OP, id, "unknown op '" + shorten(op.getString()) + "'");
        }
        return new ClientFrame(op.getString(), id, json);
    }

    /** A string field that must be present. */
    public String requiredString(String name) throws ProtocolException {
        if (json.get(name) instanceof JsonString s && !s.getString().isEmpty()) {
            return s.getString();
        }
        throw new ProtocolException(ErrorCode.INVALID_FRAME, id, "'" + name + "' must be a non-empty string");
    }

    public boolean has(String name) {
        return json.containsKey(name) && json.get(name) != JsonValue.NULL;
    }

    /** Client text echoed in a message, cut short so an error frame stays small. */
    static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
