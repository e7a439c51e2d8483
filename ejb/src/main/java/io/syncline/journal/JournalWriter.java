package io.syncline.journal;

import io.syncline.capture.EntityChange;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Journals the changes of a transaction just before it commits, through JDBC on the transaction's
 * own (enlisted) connection, so the journal rows commit or roll back with the data changes: one
 * batch of statements per transaction.
 *
 * <p>Each row draws its index from the sequence {@value #INDEX_SEQUENCE} then, once the
 * transaction has made all its changes and holds all its row locks: a transaction that waited for
 * another's lock draws every value after the other committed, and sorts after it (see
 * {@code Sequencing.committedInOrder}). JDBC rather than {@code persist()}: the provider flushes
 * at commit, where the EntityManager must not be used.
 *
 * <p>On PostgreSQL a capture trigger has journaled each row the transaction changed, at its
 * statement: the listener then only puts the row's representation into that journal row, with its
 * commit stamp (a value of the same sequence), so a change made through JPA is journaled exactly
 * once. It looks for the trigger's row whether or not this server installed the triggers: another
 * server, or an earlier start, may have.
 */
@ApplicationScoped
class JournalWriter {

    /** The sequence that orders journal rows and commit stamps (created at startup, see CaptureSchema). */
    public static final String INDEX_SEQUENCE = "sl_journal_index";

    /** The transaction's id as the capture triggers write it. */
    private static final String POSTGRES_TX = "txid_current()::text";

    private static final String INSERT = "INSERT INTO SL_JOURNAL"
            + " (TX_ID, TX_INDEX, ENTITY, ENTITY_KEY, OP, VERSION, DATA, CAPTURED_AT, COMMITTED_AT, ORIGIN)"
            + " VALUES (%s, nextval('" + INDEX_SEQUENCE + "'), ?, ?, ?, ?, ?, ?, ?, 'orm')";

    private static final String TRIGGERED = "UPDATE SL_JOURNAL SET DATA = ?, ORIGIN = 'orm',"
            + " COMMIT_SEQ = nextval('" + INDEX_SEQUENCE + "'), COMMITTED_AT = ?"
            + " WHERE TX_ID = " + POSTGRES_TX + " AND ENTITY = ? AND ENTITY_KEY = ? AND OP = ? AND VERSION = ?"
            + " AND ORIGIN = '" + JournalEntry.RAW_ORIGIN + "'";

    @Inject
    Database database;

    /**
     * Journals the changes of the current transaction, which is about to commit, in the order
     * given.
     *
     * @param tx the change set's id of the transaction (on PostgreSQL the database's own id is
     *           written instead, the one the triggers write)
     */
    public void write(String tx, List<EntityChange> changes) {
        long now = System.currentTimeMillis();
        long committedAt = epochMicros();
        try (Connection connection = database.dataSource().getConnection()) {
            List<EntityChange> untriggered = database.isPostgres() ? completeTriggered(connection, changes, committedAt) : changes;
            if (!untriggered.isEmpty()) {
                insert(connection, tx, untriggered, now, committedAt);
            }
        } catch (SQLException e) {
            // Fails the transaction: a change that cannot be journaled must not commit.
            throw new IllegalStateException("Cannot journal the " + changes.size() + " changes of transaction " + tx
                    + ", the first " + changes.get(0), e);
        }
    }

    private static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    private void insert(Connection connection, String tx, List<EntityChange> changes, long now, long committedAt)
            throws SQLException {
        boolean postgres = database.isPostgres();
        try (PreparedStatement insert = connection.prepareStatement(INSERT.formatted(postgres ? POSTGRES_TX : "?"))) {
            for (EntityChange change : changes) {
                int column = 1;
                if (!postgres) {
                    insert.setString(column++, tx);
                }
                insert.setString(column++, change.entity());
                insert.setString(column++, change.key());
                insert.setString(column++, change.op().wireName());
                insert.setLong(column++, change.version());
                setData(insert, column++, change);
                insert.setLong(column++, now);
                insert.setLong(column, committedAt);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Completes the trigger's row of each change; returns the changes that had none. */
    private static List<EntityChange> completeTriggered(Connection connection, List<EntityChange> changes, long committedAt)
            throws SQLException {
        int[] completed;
        try (PreparedStatement update = connection.prepareStatement(TRIGGERED)) {
            for (EntityChange change : changes) {
                setData(update, 1, change);
                update.setLong(2, committedAt);
                update.setString(3, change.entity());
                update.setString(4, change.key());
                update.setString(5, change.op().wireName());
                update.setLong(6, change.version());
                update.addBatch();
            }
            completed = update.executeBatch();
        }
        List<EntityChange> untriggered = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            if (completed[i] == 0) {
                untriggered.add(changes.get(i));
            }
        }
        return untriggered;
    }

    private static void setData(PreparedStatement statement, int index, EntityChange change) throws SQLException {
        if (change.dataText() == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, change.dataText());
        }
    }
}
