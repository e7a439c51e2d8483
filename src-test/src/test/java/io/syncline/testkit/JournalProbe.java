package io.syncline.testkit;

import io.syncline.demo.board.Card;
import io.syncline.capture.EntityChange;
import io.syncline.journal.Sequencing;
import io.syncline.journal.JournalEntry;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.StringReader;
import java.time.Duration;

/** Reads the journal and the card table as they are, for tests to compare with what clients received. */
@Stateless
public class JournalProbe {

    /** Looked up once: the static {@code Json} methods look the provider up on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    @PersistenceContext(unitName = "boards")
    EntityManager em;

    @Inject
    Sequencing sequencing;

    /** The numbered changes of {@code entity} after {@code after}, in offset order. */
    public JsonArray entries(String entity, long after) {
        JsonArrayBuilder json = JSON.createArrayBuilder();
        em.createQuery("select e from JournalEntry e where e.offset > :after order by e.offset", JournalEntry.class)
                .setParameter("after", after)
                .getResultStream()
                .forEach(entry -> {
                    EntityChange change = entry.change();
                    if (change.entity().equals(entity)) {
                        json.add(JSON.createObjectBuilder().add("offset", entry.offset()).add("tx", entry.tx())
                                .add("op", change.op().wireName()).add("key", change.key()).add("version", change.version()));
                    }
                });
        return json.build();
    }

    /** Whether the insert of this row has an offset yet. */
    public boolean numbered(String entity, String key) {
        return em.createQuery("select count(e) from JournalEntry e where e.entity = :entity and e.key = :key"
                        + " and e.op = 'insert' and e.offset is not null", Long.class)
                .setParameter("entity", entity)
                .setParameter("key", key)
                .getSingleResult() > 0;
    }

    /**
     * Moves the capture time of a change not numbered yet back by {@code millis}, as if the server
     * that wrote it had a clock running behind; returns how many journal rows it moved.
     */
    public int captureEarlier(String entity, String key, long version, long millis) {
        return em.createQuery("update JournalEntry e set e.capturedAt = e.capturedAt - :millis where e.entity = :entity"
                        + " and e.key = :key and e.version = :version and e.offset is null")
                .setParameter("millis", millis)
                .setParameter("entity", entity)
                .setParameter("key", key)
                .setParameter("version", version)
                .executeUpdate();
    }

    /** How many changes are journaled but not numbered yet. */
    public long unsequenced() {
        return em.createQuery("select count(e) from JournalEntry e where e.offset is null", Long.class).getSingleResult();
    }

    /** The cards of one board, as the REST API shows them. */
    public JsonArray cards(long board) {
        try (Jsonb jsonb = JsonbBuilder.create()) {
            String cards = jsonb.toJson(em.createQuery("select c from Card c where c.board.id = :board order by c.id", Card.class)
                    .setParameter("board", board).getResultList());
            return JSON.createReader(new StringReader(cards)).readArray();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes a transaction's journaled changes (in a transaction of its own), as a purge would. */
    @jakarta.ejb.TransactionAttribute(jakarta.ejb.TransactionAttributeType.REQUIRES_NEW)
    public int forget(String tx) {
        return em.createQuery("delete from JournalEntry e where e.tx = :tx").setParameter("tx", tx).executeUpdate();
    }

    /** Purges every published change, as if retention had run out. */
    public long purgeAll() {
        return sequencing.purge(Duration.ofDays(3650), 0);
    }
}
