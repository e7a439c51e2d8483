package io.syncline.journal;

import io.syncline.capture.EntityChange;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/**
 * Appends captured changes to the journal through JDBC on the transaction's own (enlisted)
 * connection, so the journal row commits or rolls back with the data change, and stamps the
 * transaction's rows just before it commits.
 *
 * <p>JDBC rather than {@code persist()}: changes are captured in entity listener callbacks, often
 * while the provider flushes at commit, where the EntityManager must not be used.
 *
 * <p>On PostgreSQL a capture trigger may have journaled the row already when the listener runs
 * (the listener runs after the statement): the listener then only puts the row's representation
 * into that journal row, so a change made through JPA is journaled exactly once. It looks for the
 * trigger's row whether or not this server installed the triggers: another server, or an earlier
 * start, may have.
 */
@ApplicationScoped
class JournalWriter {

    /** The sequence that orders journal rows and commit stamps (created at startup, see CaptureSchema). */
    public static final String INDEX_SEQUENCE = "sl_journal_index";

    /** The transaction's id as the capture triggers write it. */
    private static final String POSTGRES_TX = "txid_current()::text";

    private static final String INSERT = "INSERT INTO SL_JOURNAL"
            + " (TX_ID, TX_INDEX, ENTITY, ENTITY_KEY, OP, VERSION, DATA, CAPTURED_AT, ORIGIN)"
            + " VALUES (%s, nextval('" + INDEX_SEQUENCE + "'), ?, ?, ?, ?, ?, ?, 'orm')";

    private static final String TRIGGERED = "UPDATE SL_JOURNAL SET DATA = ?, ORIGIN = 'orm'"
            + " WHERE TX_ID = " + POSTGRES_TX + " AND ENTITY = ? AND ENTITY_KEY = ? AND OP = ? AND VERSION = ?"
            + " AND ORIGIN = '" + JournalEntry.RAW_ORIGIN + "'";

    private static final String STAMP = "UPDATE SL_JOURNAL SET COMMIT_SEQ = nextval('" + INDEX_SEQUENCE + "'),"
            + " COMMITTED_AT = ? WHERE TX_ID = %s";

    @Inject
    Database database;

    /**
     * Journals one change of the current transaction.
     *
     * @param tx the change set's id of the transaction (on PostgreSQL the database's own id is
     *           written instead, the one the triggers write)
     */
    public void append(String tx, EntityChange change) {
        try (Connection connection = database.dataSource().getConnection()) {
            if (!database.isPostgres() || completeTriggered(connection, change) == 0) {
                insert(connection, tx, change);
            }
        } catch (SQLException e) {
            // Fails the transaction: a change that cannot be journaled must not commit.
            throw new IllegalStateException("Cannot journal " + change.op().wireName() + " of "
                    + change.entity() + " " + change.key(), e);
        }
    }

    /**
     * Gives the current transaction's journal rows their commit stamp, values of the index sequence
     * drawn once the transaction has written everything and holds all its locks, in one statement;
     * and the time, which the delivery measures its latency from.
     *
     * @param tx the change set's id, as given to {@link #append}
     */
    public void stamp(String tx) {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement update = connection.prepareStatement(STAMP.formatted(txColumnValue()))) {
            update.setLong(1, epochMicros());
            bindTx(update, 2, tx);
            update.executeUpdate();
        } catch (SQLException e) {
            // Fails the transaction: without its stamp it could be numbered before one it followed.
            throw new IllegalStateException("Cannot stamp the journal rows of transaction " + tx, e);
        }
    }

    private static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    private void insert(Connection connection, String tx, EntityChange change) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT.formatted(txColumnValue()))) {
            int column = bindTx(insert, 1, tx);
            insert.setString(column++, change.entity());
            insert.setString(column++, change.key());
            insert.setString(column++, change.op().wireName());
            insert.setLong(column++, change.version());
            setData(insert, column++, change);
            insert.setLong(column, System.currentTimeMillis());
            insert.executeUpdate();
        }
    }

    /** The transaction's id in SQL: PostgreSQL's own (what the triggers write), else the change set's, bound. */
    private String txColumnValue() {
        return database.isPostgres() ? POSTGRES_TX : "?";
    }

    /** Binds the change set's id at {@code index} where the SQL takes it; returns the next parameter's index. */
    private int bindTx(PreparedStatement statement, int index, String tx) throws SQLException {
        if (database.isPostgres()) {
            return index;
        }
        statement.setString(index, tx);
        return index + 1;
    }

    private static int completeTriggered(Connection connection, EntityChange change) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(TRIGGERED)) {
            setData(update, 1, change);
            update.setString(2, change.entity());
            update.setString(3, change.key());
            update.setString(4, change.op().wireName());
            update.setLong(5, change.version());
            return update.executeUpdate();
        }
    }

    private static void setData(PreparedStatement statement, int index, EntityChange change) throws SQLException {
        if (change.dataText() == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, change.dataText());
        }
    }
}
