package io.syncline.delivery;

import io.syncline.capture.EntityChange;
import io.syncline.journal.CommittedTransaction;
import jakarta.json.JsonObject;
import java.util.function.IntFunction;

/**
 * A committed transaction as this server delivers it, with the state of each changed row before
 * it: taken from what the server delivered last when it knows the row, else read from the journal
 * the first time a subscription asks (and kept for the next one).
 */
final class Delivered implements Befores {

    private final CommittedTransaction tx;
    /** Each change encoded for a frame, on first use: once per server, shared by every subscription. */
    private final String[] frames;
    private final JsonObject[] before;
    private final boolean[] looked;
    private final IntFunction<JsonObject> journal;

    private final EntityChange[] known;

    /**
     * @param known   the change this server delivered last to each changed row, by change index
     *                (null where it knows none); its representation is parsed only when asked for
     * @param journal reads the state before change {@code i} from the journal
     */
    Delivered(CommittedTransaction tx, EntityChange[] known, IntFunction<JsonObject> journal) {
        this.tx = tx;
        this.known = known;
        this.before = new JsonObject[known.length];
        this.looked = new boolean[known.length];
        this.journal = journal;
        this.frames = new String[known.length];
    }

    /** Change {@code index} as a {@code changes} frame carries it. */
    String frame(int index) {
        String frame = frames[index];
        if (frame == null) {
            frame = Frames.change(tx.offsetOf(index), tx.changes().get(index));
            frames[index] = frame; // a race encodes it twice, to the same text
        }
        return frame;
    }

    CommittedTransaction tx() {
        return tx;
    }

    @Override
    public JsonObject before(int index) {
        if (known[index] != null && known[index].dataText() != null) {
            return known[index].data();
        }
        synchronized (this) {
            if (looked[index]) {
                return before[index];
            }
        }
        JsonObject read = journal.apply(index); // outside the lock: sessions never wait for each other
        synchronized (this) {
            before[index] = read;
            looked[index] = true;
            return read;
        }
    }
}
