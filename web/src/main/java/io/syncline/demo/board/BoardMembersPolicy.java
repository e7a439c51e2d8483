package io.syncline.demo.board;

import io.syncline.RowPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.util.Optional;
import java.util.Set;

/**
 * The demo's policy: a board is a scope, and its members see the board, its cards and its
 * members. A membership is a grant: Syncline follows memberships through the stream, so a member
 * removed from a board stops receiving its rows at the offset of the removal.
 */
@ApplicationScoped
public class BoardMembersPolicy implements RowPolicy {

    @Inject
    BoardService boards;

    @Override
    public Object scopeOf(String entity, JsonObject row) {
        String attribute = switch (entity) {
            case "Board" -> "id";
            case "Card", "Member" -> "boardId";
            default -> null;
        };
        return attribute != null && row.get(attribute) instanceof JsonNumber number ? number.longValue() : null;
    }

    @Override
    public String scopeAttribute(String entity) {
        return switch (entity) {
            case "Board" -> "id";
            case "Card" -> "board.id";
            case "Member" -> "boardId";
            default -> null;
        };
    }

    @Override
    public Set<Long> scopesOf(String user) {
        return Set.copyOf(boards.boardIdsOf(user));
    }

    @Override
    public Set<String> grantEntities() {
        return Set.of("Member");
    }

    @Override
    public Optional<Grant> grant(String entity, JsonObject member) {
        return member.get("boardId") instanceof JsonNumber board && member.get("user") != null
                ? Optional.of(new Grant(member.getString("user"), board.longValue()))
                : Optional.empty();
    }
}
