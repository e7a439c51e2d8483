package io.syncline.delivery;

import io.syncline.capture.ChangeOp;
import io.syncline.capture.EntityChange;
import io.syncline.journal.CommittedTransaction;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    /** {@link #movesViews}, once asked. */
    private volatile Boolean movesViews;
    /** {@link #changesWith} by "entity.attribute", as asked (guarded by this). */
    private Map<String, Map<Object, int[]>> values;

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

    /** Whether the transaction may move users' views ({@link View#concerns}, the same for every view): asked once. */
    boolean movesViews(View view) {
        Boolean moves = movesViews;
        if (moves == null) {
            moves = view.concerns(tx);
            movesViews = moves; // a race asks twice, for the same answer
        }
        return moves;
    }

    /** The entities whose rows the transaction changed. */
    Set<String> entities() {
        Set<String> entities = new HashSet<>(4);
        for (EntityChange change : tx.changes()) {
            entities.add(change.entity());
        }
        return entities;
    }

    /** Whether the transaction changed a row of {@code entity}. */
    boolean touches(String entity) {
        for (EntityChange change : tx.changes()) {
            if (change.entity().equals(entity)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The {@link Condition#key keys} of the values that the rows of {@code entity} this transaction
     * changed held in {@code attribute}, after and before each change: a subscription whose filter
     * pins the attribute to none of them has nothing to send (or take away) for this transaction.
     * Null when a state before is not known without the journal (then any subscription may have).
     */
    Set<Object> valuesOf(String entity, String attribute) {
        Map<Object, int[]> changes = changesByValue(entity, attribute);
        return changes == null ? null : changes.keySet();
    }

    /**
     * The indexes of the changes of {@code entity} whose row held {@code value} (a {@link
     * Condition#key key}) in {@code attribute} after or before the change, in order: the only ones
     * a filter that pins the attribute to that value can send or take away. Empty when none did;
     * null when a state before is not known without the journal (then any change may matter).
     */
    int[] changesWith(String entity, String attribute, Object value) {
        Map<Object, int[]> changes = changesByValue(entity, attribute);
        return changes == null ? null : changes.getOrDefault(value, NONE);
    }

    private static final int[] NONE = new int[0];

    /** By value key, the changes whose row held it (see {@link #changesWith}); computed once per attribute. */
    private Map<Object, int[]> changesByValue(String entity, String attribute) {
        String memo = entity + '.' + attribute;
        synchronized (this) {
            if (values != null && values.containsKey(memo)) {
                return values.get(memo);
            }
        }
        Map<Object, int[]> found = index(entity, attribute);
        synchronized (this) {
            if (values == null) {
                values = new HashMap<>(4);
            }
            values.put(memo, found);
        }
        return found;
    }

    private Map<Object, int[]> index(String entity, String attribute) {
        Map<Object, List<Integer>> found = new HashMap<>();
        List<EntityChange> changes = tx.changes();
        for (int i = 0; i < changes.size(); i++) {
            EntityChange change = changes.get(i);
            if (!change.entity().equals(entity)) {
                continue;
            }
            addIndex(found, change.data(), attribute, i);
            if (change.op() == ChangeOp.UPDATE || (change.op() == ChangeOp.DELETE && change.dataText() == null)) {
                EntityChange before = known[i];
                if (before == null || before.dataText() == null) {
                    return null;
                }
                addIndex(found, before.data(), attribute, i);
            }
        }
        Map<Object, int[]> indexes = new HashMap<>(found.size() * 2);
        found.forEach((key, list) -> indexes.put(key, list.stream().mapToInt(Integer::intValue).toArray()));
        return indexes;
    }

    private static void addIndex(Map<Object, List<Integer>> indexes, JsonObject data, String attribute, int index) {
        JsonValue value = data == null ? null : data.get(attribute);
        if (value != null && value != JsonValue.NULL) {
            List<Integer> changes = indexes.computeIfAbsent(Condition.key(value), key -> new ArrayList<>(2));
            if (changes.isEmpty() || changes.get(changes.size() - 1) != index) { // after and before may hold the same value
                changes.add(index);
            }
        }
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
