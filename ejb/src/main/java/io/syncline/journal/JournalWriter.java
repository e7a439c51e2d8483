package io.syncline.journal;

import io.syncline.capture.EntityChange;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Appends captured changes to the journal through JDBC on the transaction's own (enlisted)
 * connection, so the journal row commits or rolls back with the data change.
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
public class JournalWriter {

    /** The datasource of the {@code syncline} persistence unit (see install-syncline.cli). */
    public static final String DATASOURCE = "java:jboss/datasources/SynclineDS";

    private static final String INSERT = "INSERT INTO SL_JOURNAL"
            + " (TX_ID, TX_INDEX, ENTITY, ENTITY_KEY, OP, VERSION, DATA, CAPTURED_AT, ORIGIN) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'orm')";

    private static final String TRIGGERED = "UPDATE SL_JOURNAL SET DATA = ?, ORIGIN = 'orm'"
            + " WHERE TX_ID = txid_current()::text AND ENTITY = ? AND ENTITY_KEY = ? AND OP = ? AND VERSION = ?"
            + " AND ORIGIN = '" + JournalEntry.RAW_ORIGIN + "'";

    private static final String INSERT_POSTGRES = "INSERT INTO SL_JOURNAL"
            + " (TX_ID, TX_INDEX, ENTITY, ENTITY_KEY, OP, VERSION, DATA, CAPTURED_AT, ORIGIN)"
            + " VALUES (txid_current()::text, nextval('sl_journal_index'), ?, ?, ?, ?, ?, ?, 'orm')";

    @Inject
    Database database;

    /**
     * Journals one change of the current transaction.
     *
     * @param tx    the transaction's id (not used on PostgreSQL, where it is the database's, as the triggers write it)
     * @param index the change's place in the transaction (idem)
     */
    public void append(String tx, int index, EntityChange change) {
        try (Connection connection = database.dataSource().getConnection()) {
            if (!database.isPostgres()) {
                insert(connection, tx, index, change);
            } else if (completeTriggered(connection, change) == 0) {
                insertPostgres(connection, change); // no trigger on the table
            }
        } catch (SQLException e) {
            // Fails the transaction: a change that cannot be journaled must not commit.
            throw new IllegalStateException("Cannot journal " + change.op().wireName() + " of "
                    + change.entity() + " " + change.key(), e);
        }
    }

    private static void insert(Connection connection, String tx, int index, EntityChange change) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, tx);
            insert.setLong(2, index);
            insert.setString(3, change.entity());
            insert.setString(4, change.key());
            insert.setString(5, change.op().wireName());
            insert.setLong(6, change.version());
            setData(insert, 7, change);
            insert.setLong(8, System.currentTimeMillis());
            insert.executeUpdate();
        }
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

    private static void insertPostgres(Connection connection, EntityChange change) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_POSTGRES)) {
            insert.setString(1, change.entity());
            insert.setString(2, change.key());
            insert.setString(3, change.op().wireName());
            insert.setLong(4, change.version());
            setData(insert, 5, change);
            insert.setLong(6, System.currentTimeMillis());
            insert.executeUpdate();
        }
    }

    private static void setData(PreparedStatement statement, int index, EntityChange change) throws SQLException {
        if (change.data() == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, change.data().toString());
        }
    }
}
