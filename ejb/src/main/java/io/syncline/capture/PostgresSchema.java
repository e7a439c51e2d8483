package io.syncline.capture;

import io.syncline.journal.Database;
import io.syncline.journal.JournalEntry;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * What Syncline adds to its tables on PostgreSQL, at startup (the DDL is idempotent, so a new
 * version upgrades it; an advisory lock serializes servers that start at the same time):
 * <ul>
 * <li>a partial index of the journal rows the sequencer has yet to number. Numbering a row
 *     updates it, and an index over all offsets would keep an entry for each row's unnumbered
 *     version until vacuum: the sequencer's search would grow with the journal.</li>
 * <li>capture of writes that bypass JPA: a row trigger on each synced table journals every INSERT,
 *     UPDATE and DELETE and sends NOTIFY {@code syncline}. The trigger function keeps the schema
 *     search path it was installed with, so a write from a session with another search path is
 *     journaled all the same. {@code -Dsyncline.capture.triggers=false} leaves the triggers alone
 *     (to remove them: {@code remove-capture-postgresql.sql}); those still installed go on capturing.</li>
 * </ul>
 * On other databases it only warns that writes bypassing JPA are not captured.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class PostgresSchema {

    private static final Logger LOG = Logger.getLogger(PostgresSchema.class.getName());

    /** Serializes the DDL of servers that start at the same time. */
    private static final long DDL_LOCK = 0x53594e43L;

    /** The rows the sequencer looks for, in the order it takes them (see Journal.sequence). */
    static final String UNNUMBERED_INDEX = "CREATE INDEX IF NOT EXISTS sl_journal_unnumbered"
            + " ON sl_journal (captured_at, tx_id, tx_index) WHERE journal_offset IS NULL";

    static final String FUNCTION = """
            CREATE OR REPLACE FUNCTION syncline_capture() RETURNS trigger LANGUAGE plpgsql
            SET search_path FROM CURRENT AS $$
            DECLARE
              row_json jsonb;
            BEGIN
              IF TG_OP = 'DELETE' THEN row_json := to_jsonb(OLD); ELSE row_json := to_jsonb(NEW); END IF;
              INSERT INTO sl_journal (tx_id, tx_index, entity, entity_key, op, version, data, captured_at, origin)
              VALUES (txid_current()::text, nextval('sl_journal_index'), TG_ARGV[0], row_json ->> TG_ARGV[1],
                      lower(TG_OP), (row_json ->> TG_ARGV[2])::bigint,
                      row_json::text, (extract(epoch from clock_timestamp()) * 1000)::bigint, '%s');
              PERFORM pg_notify('syncline', '');
              RETURN NULL;
            END
            $$""".formatted(JournalEntry.RAW_ORIGIN);

    @PersistenceContext(unitName = "syncline")
    EntityManager em;

    @Inject
    Database database;

    @Inject
    SyncedEntities entities;

    @PostConstruct
    void start() {
        install(Boolean.parseBoolean(System.getProperty("syncline.capture.triggers", "true")));
    }

    /**
     * What a server does at startup: adds the index and, with {@code capture}
     * ({@code syncline.capture.triggers}), installs the capture triggers — without, leaves them as
     * they are and says so.
     */
    public void install(boolean capture) {
        // Deploys the persistence unit now, so that its tables exist before what is added to them.
        em.createQuery("select count(e) from JournalEntry e", Long.class).getSingleResult();
        if (!database.isPostgres()) {
            LOG.warning("Syncline captures only writes made through JPA on " + database.product()
                    + ": plain SQL and JPQL bulk updates are not delivered (use PostgreSQL for those)");
            return;
        }
        try (Connection connection = database.dataSource().getConnection();
             Statement ddl = connection.createStatement()) {
            ddl.execute("SELECT pg_advisory_lock(" + DDL_LOCK + ")");
            try {
                ddl.execute(UNNUMBERED_INDEX);
                if (capture) {
                    installTriggers(ddl);
                } else {
                    warnOfTriggers(connection);
                }
            } finally {
                ddl.execute("SELECT pg_advisory_unlock(" + DDL_LOCK + ")");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot add Syncline's index and capture triggers on PostgreSQL", e);
        }
    }

    /** With capture triggers disabled: whether triggers installed earlier are still there. */
    private void warnOfTriggers(Connection connection) throws SQLException {
        List<String> installed = new ArrayList<>();
        try (PreparedStatement trigger = connection.prepareStatement(
                "SELECT 1 FROM pg_trigger WHERE tgname = 'syncline_capture' AND tgrelid = to_regclass(?)")) {
            for (SyncedEntityType type : entities.all()) {
                trigger.setString(1, table(type));
                try (ResultSet found = trigger.executeQuery()) {
                    if (found.next()) {
                        installed.add(table(type));
                    }
                }
            }
        }
        if (installed.isEmpty()) {
            LOG.warning("syncline.capture.triggers=false: writes that bypass JPA are not captured");
        } else {
            // JournalWriter completes their rows, whoever installed them: a JPA write is still journaled once.
            LOG.warning("syncline.capture.triggers=false, but the capture triggers on " + installed
                    + " are still installed: they go on capturing every write to those tables"
                    + " (remove-capture-postgresql.sql removes them)");
        }
    }

    private static String table(SyncedEntityType type) {
        return type.table().toLowerCase(Locale.ROOT);
    }

    private void installTriggers(Statement ddl) throws SQLException {
        ddl.execute("CREATE SEQUENCE IF NOT EXISTS sl_journal_index");
        ddl.execute(FUNCTION);
        for (SyncedEntityType type : entities.all()) {
            String table = table(type);
            ddl.execute("DROP TRIGGER IF EXISTS syncline_capture ON " + table);
            ddl.execute("CREATE TRIGGER syncline_capture AFTER INSERT OR UPDATE OR DELETE ON " + table
                    + " FOR EACH ROW EXECUTE FUNCTION syncline_capture('" + type.name() + "', '"
                    + type.idColumn().toLowerCase(Locale.ROOT) + "', '"
                    + type.versionColumn().toLowerCase(Locale.ROOT) + "')");
            LOG.info("Syncline captures writes to " + table + " with a trigger");
        }
    }
}
