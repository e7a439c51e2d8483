package io.syncline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncline.capture.ChangeOp;
import io.syncline.capture.EntityChange;
import io.syncline.journal.CommittedTransaction;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How a subscription judges transactions: enter, leave, deletes, revocations, resuming mid-transaction. */
class SubscriptionTest {

    /** A user who sees the cards of the boards in {@code boards}; a Member delete takes a board away. */
    private static final class Boards implements View {
        final Set<Long> boards = new HashSet<>();

        @Override
        public boolean maySee(String entity, JsonObject data) {
            return boards.contains(data.getJsonNumber("boardId").longValue());
        }

        @Override
        public boolean concerns(CommittedTransaction tx) {
            return tx.changes().stream().anyMatch(change -> "Member".equals(change.entity()));
        }

        @Override
        public Revocation advance(CommittedTransaction tx) {
            Revocation lost = null;
            for (EntityChange change : tx.changes()) {
                if ("Member".equals(change.entity()) && change.op() == ChangeOp.DELETE) {
                    long board = change.data().getJsonNumber("boardId").longValue();
                    boards.remove(board);
                    lost = new Revocation(row -> row.data().getJsonNumber("boardId").longValue() == board,
                            (entity, cb, root) -> cb.disjunction());
                }
            }
            return lost;
        }
    }

    private final Boards history = new Boards();

    private Subscription subscription(Filter filter, long after) {
        Subscription subscription = new Subscription("s", "Card", filter, after, false);
        subscription.start(history);
        return subscription;
    }

    @Test
    void aChangeToARowInViewIsSentAndOneOutOfViewIsNot() {
        history.boards.add(7L);
        Subscription subscription = subscription(Filter.NONE, 0);

        Group group = advance(subscription, tx(1, insert(1, 7, "todo"), insert(2, 8, "todo")), index -> null).group();

        assertThat(frames(group)).singleElement().satisfies(frame -> {
            assertThat(frame.getString("type")).isEqualTo("changes");
            assertThat(frame.getJsonArray("changes")).hasSize(1);
            assertThat(frame.getJsonArray("changes").getJsonObject(0).getString("key")).isEqualTo("1");
            assertThat(frame.containsKey("more")).isFalse();
        });
        assertThat(subscription.after()).isEqualTo(2);
    }

    @Test
    void aRowThatMovesOutOfTheFilterLeavesAtItsOffsetAfterTheChangesOfItsTransaction() {
        history.boards.add(7L);
        Filter todo = TestFilters.eq("status", "todo");
        Subscription subscription = subscription(todo, 10);
        JsonObject before = card(1, 7, "todo", 1);

        Group group = advance(subscription, tx(11, update(1, 7, "done"), insert(2, 7, "todo")),
                index -> index == 0 ? before : null).group();

        List<JsonObject> frames = frames(group);
        assertThat(frames).extracting(f -> f.getString("type")).containsExactly("changes", "leave");
        assertThat(frames.get(0).getBoolean("more")).isTrue();
        assertThat(frames.get(1).getJsonNumber("offset").longValue()).isEqualTo(11);
        assertThat(frames.get(1).containsKey("more")).isFalse();
    }

    @Test
    void aDeleteIsSentOnlyForARowThatWasInView() {
        history.boards.add(7L);
        Subscription subscription = subscription(TestFilters.eq("status", "todo"), 0);

        Group group = advance(subscription, tx(1, delete(1, 7, "done"), delete(2, 7, "todo")), index -> null).group();

        assertThat(frames(group).get(0).getJsonArray("changes")).extracting(c -> c.asJsonObject().getString("key")).containsExactly("2");
    }

    @Test
    void cardsDeletedTogetherWithTheMembershipThatShowedThemAreStillSentAsDeletes() {
        history.boards.add(7L);
        Subscription subscription = subscription(Filter.NONE, 0);

        Subscription.Judged judged = advance(subscription, tx(1, delete(1, 7, "todo"), delete(2, 7, "doing"),
                change(ChangeOp.DELETE, "Member", 3, Json.createObjectBuilder().add("boardId", 7).add("user", "bob").build())), index -> null);

        assertThat(judged.lost()).isNotNull();
        assertThat(frames(judged.group()).get(0).getJsonArray("changes")).extracting(c -> c.asJsonObject().getString("op"))
                .containsExactly("delete", "delete");
        assertThat(advance(subscription, tx(4, insert(4, 7, "todo")), index -> null).group().isEmpty())
                .as("after the removal, the board's changes are not sent").isTrue();
    }

    @Test
    void aSubscriptionResumedInTheMiddleOfATransactionGetsOnlyItsRest() {
        history.boards.add(7L);
        Subscription subscription = subscription(Filter.NONE, 21);

        Group group = advance(subscription, tx(20, insert(1, 7, "todo"), insert(2, 7, "todo"), insert(3, 7, "todo")), index -> null).group();

        assertThat(frames(group).get(0).getJsonArray("changes")).extracting(c -> c.asJsonObject().getJsonNumber("offset").longValue())
                .containsExactly(22L);
    }

    @Test
    void aLargeGroupIsFramesOfAThousandThenLeavesAllButTheLastMarkedMore() {
        history.boards.add(7L);
        Subscription subscription = subscription(Filter.NONE, 0);
        List<EntityChange> changes = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            changes.add(insert(i, 7, "todo"));
        }
        Group group = advance(subscription, tx(1, changes.toArray(EntityChange[]::new)), index -> null).group();
        group.leave(2500, "Card", "gone 1");
        group.leave(2500, "Card", "gone 2");
        group.leave(2500, "Card", "gone 1"); // once per row

        List<JsonObject> frames = frames(group);

        assertThat(frames).extracting(f -> f.getString("type")).containsExactly("changes", "changes", "changes", "leave", "leave");
        assertThat(frames).extracting(f -> f.getBoolean("more", false)).containsExactly(true, true, true, true, false);
        assertThat(frames.subList(0, 3)).extracting(f -> f.getJsonArray("changes").size()).containsExactly(1000, 1000, 500);
    }

    @Test
    void underAPinnedFilterOnlyTheChangesOfRowsThatHeldAPinnedValueAreJudgedAndNoneIsMissed() {
        history.boards.addAll(Set.of(7L, 8L, 9L));
        Subscription subscription = subscription(TestFilters.eq("boardId", "board.id", 7), 10);
        CommittedTransaction tx = tx(11, insert(1, 8, "todo"), update(2, 8, "todo"), insert(3, 7, "todo"),
                update(4, 9, "todo"), update(5, 7, "doing"));
        // The rows' states before, as the server delivered them last: 2 was on board 7, 4 on 9, 5 on 7.
        EntityChange[] known = {null, insert(2, 7, "todo"), null, insert(4, 9, "todo"), insert(5, 7, "todo")};
        List<Integer> journalReads = new ArrayList<>();

        Group group = subscription.advance(new Delivered(tx, known, index -> {
            journalReads.add(index);
            return null;
        })).group();

        List<JsonObject> frames = frames(group);
        assertThat(frames).extracting(f -> f.getString("type")).containsExactly("changes", "leave");
        assertThat(frames.get(0).getJsonArray("changes")).extracting(c -> c.asJsonObject().getString("key")).containsExactly("3", "5");
        assertThat(frames.get(1).getString("key")).as("moved from board 7 to 8").isEqualTo("2");
        assertThat(journalReads).as("every state before was known").isEmpty();
        assertThat(subscription.after()).isEqualTo(15);
    }

    private static Subscription.Judged advance(Subscription subscription, CommittedTransaction tx, Befores befores) {
        return subscription.advance(new Delivered(tx, new EntityChange[tx.changes().size()], befores::before));
    }

    private static List<JsonObject> frames(Group group) {
        return group.frames().stream().map(SubscriptionTest::json).toList();
    }

    private static CommittedTransaction tx(long firstOffset, EntityChange... changes) {
        return new CommittedTransaction("tx" + firstOffset, firstOffset, List.of(changes), 0);
    }

    private static EntityChange insert(long id, long board, String status) {
        return change(ChangeOp.INSERT, "Card", id, card(id, board, status, 1));
    }

    private static EntityChange update(long id, long board, String status) {
        return change(ChangeOp.UPDATE, "Card", id, card(id, board, status, 2));
    }

    private static EntityChange delete(long id, long board, String status) {
        return change(ChangeOp.DELETE, "Card", id, card(id, board, status, 1));
    }

    private static EntityChange change(ChangeOp op, String entity, long id, JsonObject data) {
        return EntityChange.of(op, entity, Long.toString(id), data.getInt("version", 1), data);
    }

    private static JsonObject card(long id, long board, String status, int version) {
        return Json.createObjectBuilder().add("id", id).add("boardId", board).add("status", status).add("version", version).build();
    }

    private static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
