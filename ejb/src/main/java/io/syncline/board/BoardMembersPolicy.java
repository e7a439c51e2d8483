package io.syncline.board;

import io.syncline.capture.ChangeOp;
import io.syncline.capture.EntityChange;
import io.syncline.journal.Journal;
import io.syncline.relay.CommittedTransaction;
import io.syncline.subscribe.Filter;
import io.syncline.subscribe.Restriction;
import io.syncline.subscribe.RowPolicy;
import jakarta.persistence.criteria.Path;
import jakarta.persistence.criteria.Root;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The demo's policy: members of a board see the board, its cards and its members. Each server
 * keeps the memberships of the users it serves, loaded once, then kept current from the committed
 * membership changes, in offset order — so a removal takes effect at its offset.
 */
@ApplicationScoped
public class BoardMembersPolicy implements RowPolicy {

    @Inject
    BoardService boards;

    @Inject
    Journal journal;

    private final Map<String, Set<Long>> memberships = new ConcurrentHashMap<>();

    @Override
    public boolean maySee(String user, String entity, JsonObject data) {
        Long board = boardOf(entity, data);
        return board != null && boardsOf(user).contains(board);
    }

    /** A subscription pinned to boards the user is not a member of is refused. */
    @Override
    public Optional<String> refusal(String user, String entity, Filter filter) {
        String attribute = "Board".equals(entity) ? "id" : "boardId";
        // Asked now, not in stream order: a board created a moment ago may not have reached the cache yet.
        Set<Long> member = Set.copyOf(boards.boardIdsOf(user));
        return filter.pinned(attribute)
                .filter(values -> values.stream().noneMatch(v -> v instanceof JsonNumber n && member.contains(n.longValue())))
                .map(values -> "you are not a member of the board" + (values.size() > 1 ? "s" : "") + " this filter names");
    }

    /**
     * The user's boards at {@code offset}: today's memberships with the user's membership changes
     * after it undone, then moved forward as the replay passes them.
     */
    @Override
    public History history(String user, long offset) {
        Set<Long> boardsThen = new java.util.HashSet<>(boards.boardIdsOf(user));
        List<EntityChange> later = journal.changesOf("Member", offset);
        for (int i = later.size() - 1; i >= 0; i--) {
            EntityChange change = later.get(i);
            if (change.data() != null && user.equals(change.data().getString("user"))) {
                long board = change.data().getJsonNumber("boardId").longValue();
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
            public void advance(CommittedTransaction tx) {
                for (EntityChange change : tx.changes()) {
                    if ("Member".equals(change.entity()) && change.data() != null
                            && user.equals(change.data().getString("user"))) {
                        long board = change.data().getJsonNumber("boardId").longValue();
                        if (change.op() == ChangeOp.DELETE) {
                            boardsThen.remove(board);
                        } else {
                            boardsThen.add(board);
                        }
                    }
                }
            }
        };
    }

    /** For snapshots, which read the rows as they are now: the memberships as they are now. */
    @Override
    public Restriction visibleTo(String user) {
        Set<Long> visible = Set.copyOf(boards.boardIdsOf(user));
        return (entity, cb, root) -> visible.isEmpty() ? cb.disjunction() : boardPath(entity, root).in(visible);
    }

    @Override
    public Map<String, Revocation> committed(CommittedTransaction tx) {
        Map<String, Revocation> lost = new HashMap<>();
        for (EntityChange change : tx.changes()) {
            if (!"Member".equals(change.entity()) || change.data() == null) {
                continue;
            }
            String user = change.data().getString("user");
            long board = change.data().getJsonNumber("boardId").longValue();
            Set<Long> known = memberships.get(user);
            if (change.op() == ChangeOp.DELETE) {
                if (known != null) {
                    known.remove(board);
                }
                Revocation onBoard = new Revocation(row -> Long.valueOf(board).equals(boardOf(row.entity(), row.data())),
                        (entity, cb, root) -> cb.equal(boardPath(entity, root), board));
                lost.merge(user, onBoard, Revocation::or);
            } else if (known != null) {
                known.add(board);
            }
        }
        return lost;
    }

    private Set<Long> boardsOf(String user) {
        return memberships.computeIfAbsent(user, u -> {
            Set<Long> loaded = ConcurrentHashMap.newKeySet();
            loaded.addAll(boards.boardIdsOf(u));
            return loaded;
        });
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
