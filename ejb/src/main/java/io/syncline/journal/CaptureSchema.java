package io.syncline.journal;

import io.syncline.SynclineUnit;
import io.syncline.capture.SyncedEntities;
import io.syncline.capture.SyncedEntityType;
import io.syncline.config.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * What Syncline adds to its tables at startup (the DDL is idempotent, so a new version upgrades
 * it; on PostgreSQL an advisory lock serializes servers that start at the same time):
 * <ul>
 * <li>the sequence {@code sl_journal_index}, on every database: each journal row and each
 *     transaction's commit stamp take a value of it, and the sequencer numbers transactions in
 *     the order of these values (see {@code JournalEntry}).</li>
 * <li>on PostgreSQL, it drops the partial index of unnumbered journal rows that earlier versions
 *     created for a sequencer that took rows by capture time: the search by transaction finds them
 *     through the offset index ({@code journal_offset IS NULL}), which PostgreSQL prefers anyway.</li>
 * <li>on PostgreSQL, capture of writes that bypass JPA: a row trigger on each synced table
 *     journals every INSERT, UPDATE and DELETE and sends NOTIFY {@code syncline}. The trigger
 *     function keeps the schema search path it was installed with, so a write from a session with
 *     another search path is journaled all the same. Function and triggers are replaced in one
 *     transaction: no write ever finds a table without its trigger.
 *     {@code syncline.capture.triggers=false} leaves the triggers alone (to remove them:
 *     {@code remove-capture-postgresql.sql}); those still installed go on capturing.</li>
 * </ul>
 * On other databases it warns that writes bypassing JPA are not captured.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class CaptureSchema {

    private static final Logger LOG = Logger.getLogger(CaptureSchema.class.getName());

    /** Serializes the DDL of servers that start at the same time. */
    private static final long DDL_LOCK = 0x53594e43L;

    /**
     * PostgreSQL's default {@code CACHE 1} matters: values then follow the order in which sessions
     * draw them, which is what orders transactions.
     */
    static final String SEQUENCE = "CREATE SEQUENCE IF NOT EXISTS " + JournalWriter.INDEX_SEQUENCE;

    /** The partial index of earlier versions (see above). */
    static final String OLD_UNNUMBERED_INDEX = "sl_journal_unnumbered";

    static final String FUNCTION = """
            CREATE OR REPLACE FUNCTION syncline_capture() RETURNS trigger LANGUAGE plpgsql
            SET search_path FROM CURRENT AS $$
            DECLARE
              row_json jsonb;
            BEGIN
              IF TG_OP = 'DELETE' THEN row_json := to_jsonb(OLD); ELSE row_json := to_jsonb(NEW); END IF;
              INSERT INTO sl_journal (tx_id, tx_index, entity, entity_key, op, version, data, captured_at, origin)
              VALUES (txid_current()::text, nextval('%s'), TG_ARGV[0], row_json ->> TG_ARGV[1],
                      lower(TG_OP), (row_json ->> TG_ARGV[2])::bigint,
                      row_json::text, (extract(epoch from clock_timestamp()) * 1000)::bigint, '%s');
              PERFORM pg_notify('syncline', '');
              RETURN NULL;
            END
            $$""".formatted(JournalWriter.INDEX_SEQUENCE, JournalEntry.RAW_ORIGIN);

    /**
     * How long replacing the triggers waits for each table's lock before it gives way and tries
     * again: for all synced tables together, less than PostgreSQL's {@code deadlock_timeout} (1 s by
     * default), so that in a deadlock with application transactions the replacement is the one
     * that gives way, never an application's write.
     */
    private static final String LOCK_TIMEOUT = "200ms";

    /** lock_not_available (our lock timeout), deadlock_detected. */
    private static final Set<String> LOCK_CONFLICTS = Set.of("55P03", "40P01");

    /** How long to go on trying while application transactions hold the tables. */
    private static final Duration REPLACE_PATIENCE = Duration.ofMinutes(1);

    @Inject
    @SynclineUnit
    EntityManager em;

    @Inject
    Settings settings;

    @Inject
    Database database;

    @Inject
    SyncedEntities entities;

    /** Outside a transaction (the class's attribute; Payara wants it on the callback itself): the DDL commits its own. */
    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void start() {
        install(settings.captureTriggers());
    }

    /**
     * What a server does at startup, {@code captureTriggers} being {@code syncline.capture.triggers}:
     * adds the sequence and, on PostgreSQL, creates or replaces the capture triggers —
     * or, without {@code captureTriggers}, leaves them as they are and says so.
     */
    public void install(boolean captureTriggers) {
        // Deploys the persistence unit now, so that its tables exist before what is added to them.
        em.createQuery("select count(e) from JournalEntry e", Long.class).getSingleResult();
        try (Connection connection = database.dataSource().getConnection();
             Statement ddl = connection.createStatement()) {
            if (!database.isPostgres()) {
                ddl.execute(SEQUENCE);
                LOG.warning("Syncline captures only writes made through JPA on " + database.product()
                        + ": plain SQL and JPQL bulk updates are not delivered (use PostgreSQL for those)");
                return;
            }
            ddl.execute("SELECT pg_advisory_lock(" + DDL_LOCK + ")");
            try {
                ddl.execute(SEQUENCE);
                ddl.execute("DROP INDEX IF EXISTS " + OLD_UNNUMBERED_INDEX);
                if (captureTriggers) {
                    replaceTriggers(connection);
                } else {
                    warnOfTriggers(connection);
                }
            } finally {
                ddl.execute("SELECT pg_advisory_unlock(" + DDL_LOCK + ")");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot add Syncline's sequence and capture triggers", e);
        }
    }

    /**
     * Creates or replaces function and triggers in one transaction, so that every write finds
     * either the old trigger or the new one (dropping and creating a trigger in two transactions
     * let writes pass uncaptured in between). Application transactions lock the tables in any
     * order: the replacement locks them all first, in a fixed order and with a short lock timeout,
     * and tries again when it gives way.
     */
    private void replaceTriggers(Connection connection) throws SQLException {
        List<SyncedEntityType> types = entities.all().stream().sorted(Comparator.comparing(CaptureSchema::table)).toList();
        if (types.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + REPLACE_PATIENCE.toNanos();
        connection.setAutoCommit(false);
        try {
            while (true) {
                try (Statement ddl = connection.createStatement()) {
                    ddl.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
                    ddl.execute("LOCK TABLE " + types.stream().map(CaptureSchema::table).collect(Collectors.joining(", "))
                            + " IN SHARE ROW EXCLUSIVE MODE"); // what CREATE TRIGGER takes; reads go on
                    ddl.execute(FUNCTION);
                    for (SyncedEntityType type : types) {
                        ddl.execute("CREATE OR REPLACE TRIGGER syncline_capture AFTER INSERT OR UPDATE OR DELETE ON "
                                + table(type) + " FOR EACH ROW EXECUTE FUNCTION syncline_capture('" + type.name() + "', '"
                                + type.idColumn().toLowerCase(Locale.ROOT) + "', '"
                                + type.versionColumn().toLowerCase(Locale.ROOT) + "')");
                    }
                    connection.commit();
                    break;
                } catch (SQLException e) {
                    connection.rollback();
                    if (!LOCK_CONFLICTS.contains(e.getSQLState()) || System.nanoTime() > deadline) {
                        throw e;
                    }
                    LOG.fine(() -> "Replacing the capture triggers gave way to application writes; trying again: " + e);
                    pause();
                }
            }
        } finally {
            connection.setAutoCommit(true);
        }
        types.forEach(type -> LOG.info("Syncline captures writes to " + table(type) + " with a trigger"));
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

    private static void pause() {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(50, 250));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while replacing the capture triggers", e);
        }
    }
}
