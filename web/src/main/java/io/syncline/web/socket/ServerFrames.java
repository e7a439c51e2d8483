package io.syncline.web.socket;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObjectBuilder;

/** Builds the server's frames of wire protocol v1. */
final class ServerFrames {

    private ServerFrames() {
    }

    static String subscribed(String id, long offset) {
        return frame("subscribed", id).add("offset", offset).build().toString();
    }

    static String changes(String id, String tx, JsonArray changes, boolean more) {
        JsonObjectBuilder frame = frame("changes", id).add("tx", tx).add("changes", changes);
        if (more) {
            frame.add("more", true);
        }
        return frame.build().toString();
    }

    static String snapshot(String id, long offset, JsonArray rows, boolean last) {
        return frame("snapshot", id).add("offset", offset).add("rows", rows).add("last", last).build().toString();
    }

    static String leave(String id, long offset, String entity, String key, boolean more) {
        JsonObjectBuilder frame = frame("leave", id).add("offset", offset).add("entity", entity).add("key", key);
        if (more) {
            frame.add("more", true);
        }
        return frame.build().toString();
    }

    static String reset(String id, String reason, long offset) {
        return frame("reset", id).add("reason", reason).add("offset", offset).build().toString();
    }

    static String pong(String id, long offset) {
        return frame("pong", id).add("offset", offset).build().toString();
    }

    static String error(ProtocolException e) {
        JsonObjectBuilder json = Json.createObjectBuilder().add("type", "error");
        if (e.id() != null) {
            json.add("id", e.id());
        }
        return json.add("code", e.code().wireName()).add("message", e.getMessage()).build().toString();
    }

    private static JsonObjectBuilder frame(String type, String id) {
        return Json.createObjectBuilder().add("type", type).add("id", id);
    }
}
