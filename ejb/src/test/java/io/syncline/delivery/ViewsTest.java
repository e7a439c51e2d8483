package io.syncline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncline.RowPolicy;
import io.syncline.capture.ChangeOp;
import io.syncline.capture.EntityChange;
import io.syncline.journal.CommittedTransaction;
import io.syncline.journal.Journal;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How the engine serves a user's view from the application's policy: scopes at an offset, grants given and taken back. */
class ViewsTest {

    /** Boards as scopes, memberships as grants: the demo's shape, written here from the SPI alone. */
    private final RowPolicy boards = new RowPolicy() {
        @Override
        public Object scopeOf(String entity, JsonObject row) {
            return row.containsKey("boardId") ? row.getJsonNumber("boardId").longValue() : null;
        }

        @Override
        public String scopeAttribute(String entity) {
            return "board.id";
        }

        @Override
        public Set<?> scopesOf(String user) {
            asked++;
            return Set.copyOf(now);
        }

        @Override
        public Set<String> grantEntities() {
            return Set.of("Member");
        }

        @Override
        public Optional<Grant> grant(String entity, JsonObject row) {
            return Optional.of(new Grant(row.getString("user"), row.getJsonNumber("boardId").longValue()));
        }
    };

    /** How often the policy was asked for a user's scopes (each time a database query, in the demo). */
    private int asked;
    /** alice's boards as the tables say now. */
    private final Set<Long> now = new HashSet<>();
    /** The Member changes the journal holds after the offset asked for. */
    private final List<EntityChange> later = new ArrayList<>();
    private final Journal journal = new Journal() {
        @Override
        public List<EntityChange> changesAfter(String entity, long after) {
            return "Member".equals(entity) ? later : List.of();
        }
    };

    @Test
    void aViewAtAnOffsetUndoesTheGrantsJournaledAfterIt() {
        now.addAll(Set.of(1L, 2L));
        later.add(member(ChangeOp.INSERT, "alice", 2)); // alice joined 2 after the offset
        later.add(member(ChangeOp.DELETE, "alice", 3)); // and left 3 after it
        later.add(member(ChangeOp.INSERT, "bob", 1));   // bob's grants are not alice's

        View then = new Views(boards, journal).at("alice", 10);

        assertThat(then.maySee("Card", card(1))).isTrue();
        assertThat(then.maySee("Card", card(2))).as("joined later").isFalse();
        assertThat(then.maySee("Card", card(3))).as("left later").isTrue();
    }

    @Test
    void aGrantTakenBackIsARevocationOfItsScopeAndOneGivenIsSeenFromThen() {
        now.add(1L);
        View view = new Views(boards, journal).at("alice", 10);

        View.Revocation lost = view.advance(tx(11, member(ChangeOp.DELETE, "alice", 1), member(ChangeOp.INSERT, "alice", 4)));

        assertThat(lost).isNotNull();
        assertThat(lost.rows().test(new View.Row("Card", card(1)))).isTrue();
        assertThat(lost.rows().test(new View.Row("Card", card(4)))).isFalse();
        assertThat(view.maySee("Card", card(1))).isFalse();
        assertThat(view.maySee("Card", card(4))).isTrue();
        assertThat(view.advance(tx(13, member(ChangeOp.DELETE, "bob", 4)))).as("another user's grant").isNull();
    }

    @Test
    void aGrantTakenBackAndGivenAgainInOneTransactionLosesNothing() {
        now.add(1L);
        View view = new Views(boards, journal).at("alice", 10);

        assertThat(view.advance(tx(11, member(ChangeOp.DELETE, "alice", 1), member(ChangeOp.INSERT, "alice", 1)))).isNull();
        assertThat(view.maySee("Card", card(1))).isTrue();
    }

    @Test
    void aFilterPinnedToScopesTheUserLacksIsRefused() {
        now.add(1L);
        Views views = new Views(boards, journal);

        assertThat(views.refusal("alice", "Card", TestFilters.eq("boardId", "board.id", 2), 10)).isPresent();
        assertThat(views.refusal("alice", "Card", TestFilters.eq("boardId", "board.id", 1), 10)).isEmpty();
        assertThat(views.refusal("alice", "Card", Filter.NONE, 10)).isEmpty();
    }

    @Test
    void manySubscribesAtOneOffsetAskThePolicyOnceAndAScopeGrantedSinceIsStillAccepted() {
        now.addAll(Set.of(1L, 2L));
        later.add(member(ChangeOp.INSERT, "alice", 2)); // alice joined 2 after offset 10 (not delivered yet)
        Views views = new Views(boards, journal);

        for (int i = 0; i < 100; i++) {
            assertThat(views.refusal("alice", "Card", TestFilters.eq("boardId", "board.id", 1), 10)).isEmpty();
            views.at("alice", 10);
        }
        assertThat(asked).as("the policy asked for alice's scopes").isEqualTo(1);

        assertThat(views.refusal("alice", "Card", TestFilters.eq("boardId", "board.id", 2), 10))
                .as("a board she joined after the offset").isEmpty();
        assertThat(views.refusal("alice", "Card", TestFilters.eq("boardId", "board.id", 3), 10)).isPresent();
    }

    @Test
    void withoutAPolicyNothingIsSeenAndEverySubscriptionIsRefused() {
        Views none = new Views(null, journal);

        assertThat(none.refusal("alice", "Card", Filter.NONE, 0)).hasValueSatisfying(
                reason -> assertThat(reason).contains("no row policy"));
        assertThat(none.at("alice", 0).maySee("Card", card(1))).isFalse();
    }

    private static EntityChange member(ChangeOp op, String user, long board) {
        return EntityChange.of(op, "Member", user + "@" + board, 1,
                Json.createObjectBuilder().add("boardId", board).add("user", user).build());
    }

    private static JsonObject card(long board) {
        return Json.createObjectBuilder().add("id", 100 + board).add("boardId", board).build();
    }

    private static CommittedTransaction tx(long first, EntityChange... changes) {
        return new CommittedTransaction("tx" + first, first, List.of(changes), 0);
    }
}
