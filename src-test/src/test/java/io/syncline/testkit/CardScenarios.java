package io.syncline.testkit;

import io.syncline.demo.board.Board;
import io.syncline.demo.board.Card;
import io.syncline.demo.board.CardContent;
import io.syncline.demo.board.CardStatus;
import jakarta.annotation.Resource;
import jakarta.ejb.AsyncResult;
import jakarta.ejb.Asynchronous;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Writes to synced entities straight through an EntityManager, each method one transaction. */
@Stateless
public class CardScenarios {

    @PersistenceContext(unitName = "boards")
    EntityManager em;

    @Resource
    SessionContext context;

    @Resource
    TimerService timers;

    /** The class name of the EntityManager behind the container's proxy. */
    public String providerEntityManagerClass() {
        return em.getDelegate().getClass().getName();
    }

    /** Inserts a card, flushes it to the database, then rolls the transaction back. */
    public void insertThenRollBack(long boardId, String title) {
        em.persist(new Card(em.find(Board.class, boardId), new CardContent(title, CardStatus.TODO, 0)));
        em.flush();
        context.setRollbackOnly();
    }

    /** Inserts the cards in one transaction. */
    public List<Long> insertAll(long boardId, List<String> titles) {
        Board board = em.find(Board.class, boardId);
        List<Card> cards = new ArrayList<>();
        for (String title : titles) {
            Card card = new Card(board, new CardContent(title, CardStatus.TODO, cards.size()));
            em.persist(card);
            cards.add(card);
        }
        em.flush();
        return cards.stream().map(Card::getId).toList();
    }

    /**
     * Inserts a card and flushes it (so its journal row is written first), then holds the
     * transaction open until {@code release}: it commits after transactions that started later.
     */
    @Asynchronous
    public Future<Long> insertAndHold(long boardId, String title, CountDownLatch inserted, CountDownLatch release)
            throws InterruptedException {
        Card card = new Card(em.find(Board.class, boardId), new CardContent(title, CardStatus.TODO, 0));
        em.persist(card);
        em.flush();
        inserted.countDown();
        if (!release.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("never released");
        }
        return new AsyncResult<>(card.getId());
    }

    /** Deletes a board's cards with one JPQL bulk DELETE (no entity listener runs); returns how many. */
    public int bulkDeleteCards(long boardId) {
        return em.createQuery("delete from Card c where c.board.id = :board").setParameter("board", boardId).executeUpdate();
    }

    /** Changes a card's title and leaves the flush to the commit: no explicit flush(). */
    public void retitleFlushedAtCommit(long cardId, String title) {
        Card card = em.find(Card.class, cardId);
        card.apply(new CardContent(title, CardStatus.fromWireName(card.getStatus()).orElseThrow(), card.getPosition()));
    }

    /** Inserts a card from an EJB timer: no HTTP request, no REST resource involved. */
    public void insertFromTimer(long boardId, String title) {
        timers.createSingleActionTimer(1, new TimerConfig(new TimedInsert(boardId, title), false));
    }

    @Timeout
    void timeout(Timer timer) {
        TimedInsert insert = (TimedInsert) timer.getInfo();
        em.persist(new Card(em.find(Board.class, insert.boardId()), new CardContent(insert.title(), CardStatus.TODO, 0)));
    }

    record TimedInsert(long boardId, String title) implements Serializable {
    }
}
