package io.syncline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a session's subscriptions take their turns within the worker's time slices. */
class TurnsTest {

    private final Turns turns = new Turns();
    private final List<String> visited = new ArrayList<>();

    private Worker.Progress pass(List<String> items, Map<String, Worker.Progress> results, boolean timeUp) {
        return turns.pass(items, item -> {
            visited.add(item);
            return results.getOrDefault(item, Worker.Progress.IDLE);
        }, () -> timeUp);
    }

    @Test
    void aPassOutOfTimeSaysThereIsMoreAndTheNextStartsWithTheOneLeftOut() {
        // The first subscription had nothing to do, but the thread waited for a core meanwhile:
        // the second one, whose transaction woke the session, must still get its turn.
        Worker.Progress first = pass(List.of("a", "b", "c"), Map.of(), true);

        assertThat(first).as("more to look at").isEqualTo(Worker.Progress.MOVED);
        assertThat(visited).containsExactly("a");

        Worker.Progress second = pass(List.of("a", "b", "c"), Map.of("b", Worker.Progress.MOVED), false);

        assertThat(second).isEqualTo(Worker.Progress.MOVED);
        assertThat(visited).containsExactly("a", "b", "c", "a");
    }

    @Test
    void aPassInTimeVisitsEachOnceAndIsIdleWhenNothingMoved() {
        assertThat(pass(List.of("a", "b"), Map.of(), false)).isEqualTo(Worker.Progress.IDLE);
        assertThat(pass(List.of("a", "b"), Map.of("a", Worker.Progress.MOVED), false)).isEqualTo(Worker.Progress.MOVED);

        assertThat(visited).containsExactly("a", "b", "a", "b");
    }

    @Test
    void theLastTurnOutOfTimeLeavesNothingBehind() {
        assertThat(pass(List.of("a"), Map.of(), true)).isEqualTo(Worker.Progress.IDLE);
        assertThat(pass(List.of("a", "b"), Map.of(), false)).isEqualTo(Worker.Progress.IDLE);

        assertThat(visited).containsExactly("a", "a", "b");
    }

    @Test
    void aBlockedTurnEndsThePassAndGoesFirstNextTime() {
        assertThat(pass(List.of("a", "b", "c"), Map.of("b", Worker.Progress.BLOCKED), false)).isEqualTo(Worker.Progress.BLOCKED);
        assertThat(pass(List.of("a", "b", "c"), Map.of(), false)).isEqualTo(Worker.Progress.IDLE);

        assertThat(visited).containsExactly("a", "b", "b", "c", "a");
    }

    @Test
    void subscriptionsThatCameAndWentDoNotBreakTheRotation() {
        pass(List.of("a", "b", "c", "d"), Map.of(), true); // stops after a: next is b
        visited.clear();

        assertThat(pass(List.of("x"), Map.of(), false)).isEqualTo(Worker.Progress.IDLE);
        assertThat(visited).containsExactly("x");
    }
}
