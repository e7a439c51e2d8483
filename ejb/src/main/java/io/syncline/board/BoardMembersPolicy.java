package io.syncline.board;

import io.syncline.capture.ChangeOp;
import io.syncline.capture.EntityChange;
import io.syncline.journal.Journal;
import io.syncline.relay.CommittedTransaction;
import io.syncline.subscribe.Filter;
import io.syncline.subscribe.Restriction;
import io.syncline.subscribe.RowPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.persistence.criteria.Path;
import jakarta.persistence.criteria.Root;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The demo's policy: members of a board see the board, its cards and its members. A user's view
 * at an offset is their memberships at that offset; a membership that ends takes the board's rows
 * out of the view at the offset of its removal.
 */
@ApplicationScoped
public class BoardMembersPolicy implements RowPolicy {

    @Inject
    BoardService boards;

    @Inject
    Journal journal;

    /**
     * The user's boards at {@code offset}: today's memberships, then, newest first, the user's
     * membership changes after the offset undone — those not numbered yet included, so that a
     * membership committed while the sequencer is down does not count before its offset. Today's
     * memberships are read first: a change committed between the two reads is undone as well,
     * which a set of boards tolerates.
     */
    @Override
    public History history(String user, long offset) {
        Set<Long> boardsThen = new HashSet<>(boards.boardIdsOf(user));
        List<EntityChange> later = journal.changesAfter("Member", offset);
        for (int i = later.size() - 1; i >= 0; i--) {
            EntityChange change = later.get(i);
            if (isMembershipOf(user, change)) {
                long board = boardId(change.data());
                if (change.op() == ChangeOp.DELETE) {
                    boardsThen.add(board);
                } else if (change.op() == ChangeOp.INSERT) {
                    boardsThen.remove(board);
                }
            }
        }
        return new History() {
            @Override
            public boolean maySee(String entity, JsonObject data) {
                Long board = boardOf(entity, data);
                return board != null && boardsThen.contains(board);
            }

            @Override
            public Revocation advance(CommittedTransaction tx) {
                Revocation lost = null;
                for (EntityChange change : tx.changes()) {
                    if (!isMembershipOf(user, change)) {
                        continue;
                    }
                    long board = boardId(change.data());
                    if (change.op() == ChangeOp.DELETE) {
                        if (boardsThen.remove(board)) {
                            Revocation onBoard = onBoard(board);
                            lost = lost == null ? onBoard : lost.or(onBoard);
                        }
                    } else {
                        boardsThen.add(board);
                    }
                }
                return lost;
            }
        };
    }

    /** A subscription pinned to boards the user is not a member of is refused. */
    @Override
    public Optional<String> refusal(String user, String entity, Filter filter) {
        String attribute = "Board".equals(entity) ? "id" : "boardId";
        Set<Long> member = Set.copyOf(boards.boardIdsOf(user));
        return filter.pinned(attribute)
                .filter(values -> values.stream().noneMatch(v -> v instanceof JsonNumber n && member.contains(n.longValue())))
                .map(values -> "you are not a member of the board" + (values.size() > 1 ? "s" : "") + " this filter names");
    }

    /** For snapshots, which read the rows as they are now: the memberships as they are now. */
    @Override
    public Restriction visibleTo(String user) {
        Set<Long> visible = Set.copyOf(boards.boardIdsOf(user));
        return (entity, cb, root) -> visible.isEmpty() ? cb.disjunction() : boardPath(entity, root).in(visible);
    }

    private static Revocation onBoard(long board) {
        return new Revocation(row -> Long.valueOf(board).equals(boardOf(row.entity(), row.data())),
                (entity, cb, root) -> cb.equal(boardPath(entity, root), board));
    }

    private static boolean isMembershipOf(String user, EntityChange change) {
        return "Member".equals(change.entity()) && change.data() != null && user.equals(change.data().getString("user", null));
    }

    private static long boardId(JsonObject member) {
        return member.getJsonNumber("boardId").longValue();
    }

    /** Where an entity holds its board's id, in queries. */
    private static Path<Object> boardPath(String entity, Root<?> root) {
        return switch (entity) {
            case "Board" -> root.get("id");
            case "Card" -> root.get("board").get("id");
            case "Member" -> root.get("boardId");
            default -> throw new IllegalArgumentException("not an entity of the board domain: " + entity);
        };
    }

    private static Long boardOf(String entity, JsonObject data) {
        if (data == null) {
            return null;
        }
        String attribute = switch (entity) {
            case "Board" -> "id";
            case "Card", "Member" -> "boardId";
            default -> null;
        };
        return attribute != null && data.get(attribute) instanceof JsonNumber number ? number.longValue() : null;
    }
}
