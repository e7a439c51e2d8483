package io.syncline.it;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a client that follows the README holds for one subscription, rebuilt from the frames it
 * received alone: the rows (by key, newest version kept), the offsets of the changes it applied,
 * and the offset it resumes from after a close.
 *
 * <p>The frames of one transaction for a subscription ({@code changes} and {@code leave}) are a
 * group: all but the last carry {@code "more":true}, and the group is applied when its last frame
 * arrives. A group cut short by a close is never applied; the subscription resumes after the last
 * offset of the last group it applied (or after {@code subscribed.offset} when it applied none).
 */
public final class Replica {

    private final String id;
    private final Map<String, JsonObject> rows = new LinkedHashMap<>();
    private final List<Long> applied = new ArrayList<>();
    private final List<JsonObject> group = new ArrayList<>();
    private long resumeOffset = -1;

    public Replica(String id) {
        this.id = id;
    }

    /** Applies, in order, the frames of this subscription among {@code frames}. */
    public Replica apply(List<JsonObject> frames) {
        for (JsonObject frame : frames) {
            if (id.equals(frame.getString("id", null))) {
                apply(frame);
            }
        }
        return this;
    }

    private void apply(JsonObject frame) {
        switch (frame.getString("type")) {
            case "subscribed" -> {
                if (resumeOffset < 0) {
                    resumeOffset = offset(frame);
                }
            }
            case "snapshot" -> {
                for (JsonObject row : frame.getJsonArray("rows").getValuesAs(JsonObject.class)) {
                    upsert(row.getString("key"), row.getJsonNumber("version").longValue(), row.getJsonObject("data"));
                }
            }
            case "changes", "leave" -> {
                group.add(frame);
                if (!frame.getBoolean("more", false)) {
                    applyGroup();
                }
            }
            default -> {
                // error, pong, reset: nothing to apply
            }
        }
    }

    private void applyGroup() {
        for (JsonObject frame : group) {
            if ("leave".equals(frame.getString("type"))) {
                rows.remove(frame.getString("key"));
                resumeOffset = Math.max(resumeOffset, offset(frame));
                continue;
            }
            for (JsonObject change : frame.getJsonArray("changes").getValuesAs(JsonObject.class)) {
                long offset = offset(change);
                applied.add(offset);
                resumeOffset = Math.max(resumeOffset, offset);
                if ("delete".equals(change.getString("op"))) {
                    rows.remove(change.getString("key"));
                } else {
                    upsert(change.getString("key"), change.getJsonNumber("version").longValue(), change.getJsonObject("data"));
                }
            }
        }
        group.clear();
    }

    private void upsert(String key, long version, JsonObject data) {
        JsonObject known = rows.get(key);
        if (known == null || known.getJsonNumber("version").longValue() < version) {
            rows.put(key, data);
        }
    }

    private static long offset(JsonObject json) {
        return json.getJsonNumber("offset").longValue();
    }

    /** The rows held, by key. */
    public Map<String, JsonObject> rows() {
        return Map.copyOf(rows);
    }

    /** The offsets of every change applied, in the order applied. */
    public List<Long> applied() {
        return List.copyOf(applied);
    }

    /** The {@code since} to resume with: the last offset of the last group applied. */
    public long resumeOffset() {
        return resumeOffset;
    }

    /** Forgets a group cut short by a close: the resumed subscription sends it again, whole. */
    public Replica closed() {
        group.clear();
        return this;
    }
}
