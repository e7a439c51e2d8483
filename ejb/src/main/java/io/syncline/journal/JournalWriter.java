package io.syncline.journal;

import io.syncline.capture.EntityChange;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import javax.sql.DataSource;

/**
 * Appends captured changes to the journal through JDBC on the transaction's own (enlisted)
 * connection, so the journal row commits or rolls back with the data change.
 *
 * <p>JDBC rather than {@code persist()}: changes are captured in entity listener callbacks, often
 * while the provider flushes at commit, where the EntityManager must not be used.
 */
@ApplicationScoped
public class JournalWriter {

    /** The datasource of the {@code syncline} persistence unit (see install-syncline.cli). */
    public static final String DATASOURCE = "java:jboss/datasources/SynclineDS";

    private static final String INSERT = "INSERT INTO SL_JOURNAL"
            + " (TX_ID, TX_INDEX, ENTITY, ENTITY_KEY, OP, VERSION, DATA, CAPTURED_AT) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    @Resource(lookup = DATASOURCE)
    DataSource dataSource;

    public void append(String tx, int index, EntityChange change) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, tx);
            insert.setInt(2, index);
            insert.setString(3, change.entity());
            insert.setString(4, change.key());
            insert.setString(5, change.op().wireName());
            insert.setLong(6, change.version());
            if (change.data() == null) {
                insert.setNull(7, Types.VARCHAR);
            } else {
                insert.setString(7, change.data().toString());
            }
            insert.setLong(8, System.currentTimeMillis());
            insert.executeUpdate();
        } catch (SQLException e) {
            // Fails the transaction: a change that cannot be journaled must not commit.
            throw new IllegalStateException("Cannot journal " + change.op().wireName() + " of "
                    + change.entity() + " " + change.key(), e);
        }
    }
}
