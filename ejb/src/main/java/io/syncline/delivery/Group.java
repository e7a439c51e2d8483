package io.syncline.delivery;

import io.syncline.capture.ChangeOp;
import io.syncline.capture.EntityChange;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What one subscription receives of one committed transaction: its changes, then a {@code leave}
 * for each row that left its view. As frames: {@code changes} frames of at most
 * {@link #CHANGES_PER_FRAME} changes, then the leaves, every frame but the last marked
 * {@code "more":true} — so a client applies the group when its last frame arrives, and resumes,
 * after a close, from the last offset of the last whole group it applied.
 */
final class Group {

    /** A transaction with more changes for one subscription is sent in frames of this many. */
    static final int CHANGES_PER_FRAME = 1000;

    private record Leave(long offset, String entity, String key) {
    }

    /** The group of a transaction that holds nothing for a subscription; never added to. */
    static final Group NONE = new Group(null, null);

    private final String subscription;
    private final String tx;
    /** Encoded ({@link Frames#change}). */
    private final List<String> changes = new ArrayList<>();
    private final List<Leave> leaves = new ArrayList<>();
    /** Rows this group deletes or takes out of the view: a revocation adds no second leave for them. */
    private final Set<String> gone = new HashSet<>();

    Group(String subscription, String tx) {
        this.subscription = subscription;
        this.tx = tx;
    }

    /** Adds a change, with its encoded form. */
    void change(EntityChange change, String encoded) {
        changes.add(encoded);
        if (change.op() == ChangeOp.DELETE) {
            gone.add(change.key());
        }
    }

    void leave(long offset, String entity, String key) {
        if (gone.add(key)) {
            leaves.add(new Leave(offset, entity, key));
        }
    }

    /** How many changes the group sends (for the metrics). */
    int changeCount() {
        return changes.size();
    }

    boolean isEmpty() {
        return changes.isEmpty() && leaves.isEmpty();
    }

    /** The group's frames, in the order they are sent. */
    List<String> frames() {
        List<String> frames = new ArrayList<>();
        int total = (changes.size() + CHANGES_PER_FRAME - 1) / CHANGES_PER_FRAME + leaves.size();
        for (int from = 0; from < changes.size(); from += CHANGES_PER_FRAME) {
            List<String> part = changes.subList(from, Math.min(changes.size(), from + CHANGES_PER_FRAME));
            frames.add(Frames.changes(subscription, tx, part, frames.size() < total - 1));
        }
        for (Leave leave : leaves) {
            frames.add(Frames.leave(subscription, leave.offset(), leave.entity(), leave.key(), frames.size() < total - 1));
        }
        return frames;
    }
}
