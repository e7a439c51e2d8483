package io.syncline.delivery;

import io.syncline.capture.ChangeOp;
import io.syncline.capture.EntityChange;
import jakarta.json.spi.JsonProvider;
import java.util.Collection;
import java.util.List;

/**
 * Writes every server frame of wire protocol v1 (see README, "Protocol"), and nothing else does.
 * A row's representation goes into a frame as the text it was captured as: a change is encoded
 * once per server ({@link #change}) and that text is shared by every subscriber's frame.
 */
final class Frames {

    /** The JSON provider, looked up once (the static {@code Json} methods look it up on every call). */
    static final JsonProvider JSON = JsonProvider.provider();

    private Frames() {
    }

    /** One change as it appears in a {@code changes} frame: a delete carries no data. */
    static String change(long offset, EntityChange change) {
        StringBuilder json = new StringBuilder(64 + (change.dataText() == null ? 0 : change.dataText().length()))
                .append("{\"offset\":").append(offset)
                .append(",\"op\":\"").append(change.op().wireName()).append('"')
                .append(",\"entity\":").append(quote(change.entity()))
                .append(",\"key\":").append(quote(change.key()))
                .append(",\"version\":").append(change.version());
        if (change.op() != ChangeOp.DELETE && change.dataText() != null) {
            json.append(",\"data\":").append(change.dataText());
        }
        return json.append('}').toString();
    }

    /** One row of a {@code snapshot} frame. */
    static String row(EntityChange row) {
        return "{\"key\":" + quote(row.key()) + ",\"version\":" + row.version() + ",\"data\":" + row.dataText() + "}";
    }

    static String subscribed(String id, long offset) {
        return start("subscribed", id).append(",\"offset\":").append(offset).append('}').toString();
    }

    /** A {@code changes} frame of encoded changes ({@link #change}). */
    static String changes(String id, String tx, List<String> changes, boolean more) {
        StringBuilder frame = start("changes", id).append(",\"tx\":").append(quote(tx)).append(",\"changes\":");
        array(frame, changes);
        if (more) {
            frame.append(",\"more\":true");
        }
        return frame.append('}').toString();
    }

    /** A {@code snapshot} frame of encoded rows ({@link #row}). */
    static String snapshot(String id, long offset, List<String> rows, boolean last) {
        StringBuilder frame = start("snapshot", id).append(",\"offset\":").append(offset).append(",\"rows\":");
        array(frame, rows);
        return frame.append(",\"last\":").append(last).append('}').toString();
    }

    static String leave(String id, long offset, String entity, String key, boolean more) {
        StringBuilder frame = start("leave", id).append(",\"offset\":").append(offset)
                .append(",\"entity\":").append(quote(entity)).append(",\"key\":").append(quote(key));
        if (more) {
            frame.append(",\"more\":true");
        }
        return frame.append('}').toString();
    }

    static String reset(String id, String reason, long offset) {
        return start("reset", id).append(",\"reason\":").append(quote(reason)).append(",\"offset\":").append(offset)
                .append('}').toString();
    }

    static String pong(String id, long offset) {
        return start("pong", id).append(",\"offset\":").append(offset).append('}').toString();
    }

    /** The users present in a scope ({@code scopeJson}: the scope as the client's join wrote it). */
    static String presence(String id, String scopeJson, Collection<String> users) {
        StringBuilder frame = start("presence", id).append(",\"scope\":").append(scopeJson).append(",\"users\":");
        array(frame, users.stream().map(Frames::quote).toList());
        return frame.append('}').toString();
    }

    static String error(ProtocolException e) {
        StringBuilder frame = new StringBuilder("{\"type\":\"error\"");
        if (e.id() != null) {
            frame.append(",\"id\":").append(quote(e.id()));
        }
        return frame.append(",\"code\":").append(quote(e.code().wireName()))
                .append(",\"message\":").append(quote(e.getMessage())).append('}').toString();
    }

    private static StringBuilder start(String type, String id) {
        return new StringBuilder(128).append("{\"type\":\"").append(type).append("\",\"id\":").append(quote(id));
    }

    private static void array(StringBuilder frame, List<String> items) {
        frame.append('[');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                frame.append(',');
            }
            frame.append(items.get(i));
        }
        frame.append(']');
    }

    /**
     * A JSON string literal, escaped as JSON-P escapes it. Most strings need no escape (ids, keys,
     * entity names): they are only put in quotes, without JSON-P's value and writer, since every
     * frame quotes its subscription's id and most its transaction's.
     */
    static String quote(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                return JSON.createValue(text).toString();
            }
        }
        return '"' + text + '"';
    }
}
