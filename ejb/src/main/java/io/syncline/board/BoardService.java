package io.syncline.board;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/** The demo domain's use cases: boards and their cards, with optimistic concurrency by version. */
@Stateless
public class BoardService {

    public static final int MAX_NAME_LENGTH = 200;

    @PersistenceContext(unitName = "syncline")
    EntityManager em;

    public List<Board> boards() {
        return em.createQuery("select b from Board b order by b.id", Board.class).getResultList();
    }

    public Board board(long id) {
        Board board = em.find(Board.class, id);
        if (board == null) {
            throw new RowNotFoundException("board", id);
        }
        return board;
    }

    public Board createBoard(String name) {
        Board board = new Board(validName(name));
        em.persist(board);
        em.flush();
        return board;
    }

    public Board renameBoard(long id, long expectedVersion, String name) {
        Board board = board(id);
        checkVersion(board, expectedVersion, board.getVersion());
        board.setName(validName(name));
        em.flush();
        return board;
    }

    /** Deletes a board with its cards. */
    public void deleteBoard(long id, long expectedVersion) {
        Board board = board(id);
        checkVersion(board, expectedVersion, board.getVersion());
        cards(id).forEach(em::remove);
        em.remove(board);
        em.flush();
    }

    public List<Card> cards(long boardId) {
        board(boardId);
        return em.createQuery("select c from Card c where c.board.id = :board order by c.position, c.id", Card.class)
                .setParameter("board", boardId)
                .getResultList();
    }

    public Card card(long id) {
        Card card = em.find(Card.class, id);
        if (card == null) {
            throw new RowNotFoundException("card", id);
        }
        return card;
    }

    public Card createCard(long boardId, CardContent content) {
        Card card = new Card(board(boardId), content);
        em.persist(card);
        em.flush();
        return card;
    }

    public Card updateCard(long id, long expectedVersion, CardContent content) {
        Card card = card(id);
        checkVersion(card, expectedVersion, card.getVersion());
        card.apply(content);
        em.flush();
        return card;
    }

    public void deleteCard(long id, long expectedVersion) {
        Card card = card(id);
        checkVersion(card, expectedVersion, card.getVersion());
        em.remove(card);
        em.flush();
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
