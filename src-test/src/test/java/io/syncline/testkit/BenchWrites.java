package io.syncline.testkit;

import io.syncline.demo.board.Board;
import io.syncline.demo.board.Card;
import io.syncline.demo.board.CardContent;
import io.syncline.demo.board.CardStatus;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** One write transaction per call, captured (a synced card) or not (the baseline row). */
@Stateless
public class BenchWrites {

    @PersistenceContext(unitName = "boards")
    EntityManager synced;

    @PersistenceContext(unitName = "boards") // BenchRow is not @Synced: the listener passes it through
    EntityManager plain;

    public void syncedCards(long boardId, int count) {
        Board board = synced.find(Board.class, boardId);
        for (int i = 0; i < count; i++) {
            synced.persist(new Card(board, new CardContent("bench " + i, CardStatus.TODO, i)));
        }
    }

    /** Inserts one card with this title; returns its id. */
    public long titledCard(long boardId, String title) {
        Card card = new Card(synced.find(Board.class, boardId), new CardContent(title, CardStatus.TODO, 0));
        synced.persist(card);
        return card.getId();
    }

    /** Inserts one card with this title on each board, in one transaction; returns their ids, board by board. */
    public long[] titledCards(long[] boardIds, String title) {
        long[] ids = new long[boardIds.length];
        for (int i = 0; i < boardIds.length; i++) {
            ids[i] = titledCard(boardIds[i], title);
        }
        return ids;
    }

    /** The same work without capture: read the board, insert one row. */
    public void plainRow(long boardId) {
        plain.createNativeQuery("select ID, NAME, VERSION from SL_BOARD where ID = ?").setParameter(1, boardId).getResultList();
        plain.persist(new BenchRow(boardId, "bench"));
    }
}
