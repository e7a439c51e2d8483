package io.syncline.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * What PostgreSQL counted for the benchmark's server: scans and tuples read on the tables of its
 * schema ({@code pg_stat_user_tables}: only this server uses them), and, for the whole database,
 * transactions and tuples returned ({@code pg_stat_database}: other programs on the same database
 * add to these). PostgreSQL publishes a backend's counts up to a second after its transaction, an
 * idle backend's up to ten seconds later: see {@link #awaitPublished}.
 */
final class DatabaseActivity {

    /** How late PostgreSQL (15) publishes the counts of a backend that went idle (PGSTAT_IDLE_INTERVAL), and a margin. */
    private static final Duration PUBLICATION_DELAY = Duration.ofSeconds(11);

    private final String url;
    private final String schema;

    /** Counters at one moment. */
    record Counts(long tableScans, long tuplesRead, long transactions, long tuplesReturned) {
        Counts minus(Counts earlier) {
            return new Counts(tableScans - earlier.tableScans, tuplesRead - earlier.tuplesRead,
                    transactions - earlier.transactions, tuplesReturned - earlier.tuplesReturned);
        }
    }

    private DatabaseActivity(String url, String schema) {
        this.url = url;
        this.schema = schema;
    }

    /** The PostgreSQL pass's database, or null in the H2 pass (not measured there). */
    static DatabaseActivity ofThisPass() {
        if (!"postgresql".equals(System.getProperty("syncline.database"))) {
            return null;
        }
        return new DatabaseActivity(System.getProperty("syncline.test.db.url"), System.getProperty("syncline.test.db.schema"));
    }

    /**
     * Waits until what the database did so far is in the counts: the queries of the subscribes
     * just before must not be counted in the idle window after them.
     */
    void awaitPublished() {
        pause(PUBLICATION_DELAY);
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Counts counts() {
        try (Connection sql = DriverManager.getConnection(url, "postgres", "");
             PreparedStatement tables = sql.prepareStatement("select coalesce(sum(seq_scan + coalesce(idx_scan, 0)), 0),"
                     + " coalesce(sum(seq_tup_read + coalesce(idx_tup_fetch, 0)), 0) from pg_stat_user_tables where schemaname = ?");
             PreparedStatement database = sql.prepareStatement("select xact_commit + xact_rollback, tup_returned"
                     + " from pg_stat_database where datname = current_database()")) {
            tables.setString(1, schema);
            try (ResultSet t = tables.executeQuery(); ResultSet d = database.executeQuery()) {
                t.next();
                d.next();
                return new Counts(t.getLong(1), t.getLong(2), d.getLong(1), d.getLong(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading PostgreSQL's statistics at " + url, e);
        }
    }
}
