package io.syncline.testkit;

import io.syncline.demo.board.Board;
import io.syncline.demo.board.Card;
import io.syncline.demo.board.CardContent;
import io.syncline.demo.board.CardStatus;
import io.syncline.journal.JournalEntry;
import jakarta.ejb.Stateless;
import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.List;

/** Writes many cards quickly, each call one transaction, and reads back what the journal holds of a board. */
@Stateless
public class DeliveryWrites {

    /** Looked up once: the static {@code Json} methods look the provider up on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    @PersistenceContext(unitName = "boards")
    EntityManager em;

    /** Inserts {@code size} cards with titles of {@code titleLength} characters, in one transaction. */
    public List<Long> cards(long boardId, int size, int titleLength, String label) {
        Board board = em.find(Board.class, boardId);
        String padding = "x".repeat(Math.max(0, titleLength - label.length() - 8));
        List<Card> cards = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Card card = new Card(board, new CardContent(label + " " + i + " " + padding, CardStatus.TODO, i));
            em.persist(card);
            cards.add(card);
        }
        em.flush();
        return cards.stream().map(Card::getId).toList();
    }

    /** The numbered changes of the board's cards after {@code after}, in offset order. */
    public JsonArray journal(long boardId, long after) {
        JsonArrayBuilder json = JSON.createArrayBuilder();
        em.createQuery("select e from JournalEntry e where e.entity = 'Card' and e.offset > :after order by e.offset", JournalEntry.class)
                .setParameter("after", after)
                .getResultStream()
                .map(entry -> new Object[] {entry, entry.change()})
                .filter(pair -> ((io.syncline.capture.EntityChange) pair[1]).data() != null
                        && ((io.syncline.capture.EntityChange) pair[1]).data().get("boardId") instanceof JsonNumber n
                        && n.longValue() == boardId)
                .forEach(pair -> {
                    JournalEntry entry = (JournalEntry) pair[0];
                    io.syncline.capture.EntityChange change = (io.syncline.capture.EntityChange) pair[1];
                    json.add(JSON.createObjectBuilder().add("offset", entry.offset()).add("tx", entry.tx())
                            .add("op", change.op().wireName()).add("key", change.key()).add("version", change.version()));
                });
        return json.build();
    }
}
