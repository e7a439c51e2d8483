package io.syncline.demo.board;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/**
 * The demo domain's use cases: boards, their cards and their members, with optimistic concurrency
 * by version. Every operation names the user it acts for; only a board's members may see or change
 * it, its cards and its members. To anyone else a board or card that exists is not found, exactly
 * like one that does not: nobody can tell which ids exist.
 */
@Stateless
public class BoardService {

    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_USER_LENGTH = 100;

    /** What a member may be named: 1 to 100 ASCII letters, digits, and {@code . _ - @}. */

    @PersistenceContext(unitName = "boards")
    EntityManager em;

    /** The boards {@code user} is a member of. */
    public List<Board> boards(String user) {
        return em.createQuery("select b from Board b where b.id in"
                        + " (select m.boardId from BoardMember m where m.user = :user) order by b.id", Board.class)
                .setParameter("user", user)
                .getResultList();
    }

    public List<Long> boardIdsOf(String user) {
        return em.createQuery("select m.boardId from BoardMember m where m.user = :user", Long.class)
                .setParameter("user", user)
                .getResultList();
    }

    public Board board(long id, String user) {
        Board board = em.find(Board.class, id);
        if (board == null || !isMember(id, user)) {
            throw new RowNotFoundException("board", id);
        }
        return board;
    }

    /** Creates a board; its creator becomes its first member. */
    public Board createBoard(String name, String user) {
        Board board = new Board(validName(name));
        em.persist(board);
        em.flush();
        em.persist(new BoardMember(board.getId(), user));
        em.flush();
        return board;
    }

    public Board renameBoard(long id, long expectedVersion, String name, String user) {
        Board board = board(id, user);
        checkVersion(board, expectedVersion, board.getVersion());
        board.setName(validName(name));
        em.flush();
        return board;
    }

    /** Deletes a board with its cards and members. */
    public void deleteBoard(long id, long expectedVersion, String user) {
        Board board = board(id, user);
        checkVersion(board, expectedVersion, board.getVersion());
        cards(id, user).forEach(em::remove);
        members(id).forEach(em::remove);
        em.remove(board);
        em.flush();
    }

    public List<Card> cards(long boardId, String user) {
        board(boardId, user);
        return em.createQuery("select c from Card c where c.board.id = :board order by c.position, c.id", Card.class)
                .setParameter("board", boardId)
                .getResultList();
    }

    public Card card(long id, String user) {
        Card card = em.find(Card.class, id);
        if (card == null || !isMember(card.getBoardId(), user)) {
            throw new RowNotFoundException("card", id);
        }
        return card;
    }

    public Card createCard(long boardId, CardContent content, String user) {
        Card card = new Card(board(boardId, user), content);
        em.persist(card);
        em.flush();
        return card;
    }

    public Card updateCard(long id, long expectedVersion, CardContent content, String user) {
        Card card = card(id, user);
        checkVersion(card, expectedVersion, card.getVersion());
        card.apply(content);
        em.flush();
        return card;
    }

    public void deleteCard(long id, long expectedVersion, String user) {
        Card card = card(id, user);
        checkVersion(card, expectedVersion, card.getVersion());
        em.remove(card);
        em.flush();
    }

    /** Makes {@code member}, a valid user name, a member of the board; only a member may. Idempotent. */
    public void addMember(long boardId, String member, String user) {
        board(boardId, user);
        if (!BoardMember.isValidUser(member)) {
            throw new InvalidInputException("a user name has 1 to " + MAX_USER_LENGTH
                    + " characters, each an ASCII letter, a digit or one of . _ - @");
        }
        if (!isMember(boardId, member)) {
            em.persist(new BoardMember(boardId, member));
            em.flush();
        }
    }

    /**
     * Ends {@code member}'s membership; only a member may. Idempotent. Any name is taken, so that a
     * membership stored before user names were checked can still be ended.
     */
    public void removeMember(long boardId, String member, String user) {
        board(boardId, user);
        em.createQuery("select m from BoardMember m where m.boardId = :board and m.user = :user", BoardMember.class)
                .setParameter("board", boardId)
                .setParameter("user", member)
                .getResultList()
                .forEach(em::remove);
        em.flush();
    }

    private List<BoardMember> members(long boardId) {
        return em.createQuery("select m from BoardMember m where m.boardId = :board", BoardMember.class)
                .setParameter("board", boardId)
                .getResultList();
    }

    private boolean isMember(long boardId, String user) {
        return em.createQuery("select count(m) from BoardMember m where m.boardId = :board and m.user = :user", Long.class)
                .setParameter("board", boardId)
                .setParameter("user", user)
                .getSingleResult() > 0;
    }

    private static void checkVersion(Object row, long expected, long actual) {
        if (expected != actual) {
            throw new StaleVersionException(row, expected, actual);
        }
    }

    private static String validName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("name must not be blank");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidInputException("name is longer than " + MAX_NAME_LENGTH + " characters");
        }
        return name;
    }
}
