package io.syncline.delivery;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Gives a session's subscriptions their turns, one after another: a pass that runs out of time
 * stops and says there is more, and the next pass starts with the subscription that did not get
 * its turn. So every subscription is looked at after every wake-up, however long the ones before
 * it take (or however long the thread waited for a core), and none waits behind another for good.
 * Used by one thread at a time (under the session's lock).
 */
final class Turns {

    /** Where the next pass starts: the first subscription that did not have its turn. */
    private int next;

    /**
     * One pass over {@code items}: each gets its turn (see {@link Worker.Progress}) until one is
     * {@link Worker.Progress#BLOCKED BLOCKED} (the pass ends; that item goes first next time) or
     * the time is up with items still to go ({@link Worker.Progress#MOVED MOVED}: another pass
     * finds the rest).
     *
     * @return MOVED if a turn moved something or items are left, IDLE if none had anything to do, or BLOCKED
     */
    <T> Worker.Progress pass(List<T> items, Function<T, Worker.Progress> turn, BooleanSupplier timeUp) {
        int size = items.size();
        Worker.Progress progress = Worker.Progress.IDLE;
        for (int i = 0; i < size; i++) {
            int index = (next + i) % size;
            Worker.Progress result = turn.apply(items.get(index));
            if (result == Worker.Progress.BLOCKED) {
                next = index;
                return Worker.Progress.BLOCKED;
            }
            if (result == Worker.Progress.MOVED) {
                progress = Worker.Progress.MOVED;
            }
            if (i < size - 1 && timeUp.getAsBoolean()) {
                next = index + 1;
                return Worker.Progress.MOVED;
            }
        }
        next = 0;
        return progress;
    }
}
