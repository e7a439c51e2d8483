package io.syncline.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What PostgreSQL counted for the benchmark's server: scans and tuples read on the tables of its
 * schema ({@code pg_stat_user_tables}: only this server uses them), and, for the whole database,
 * transactions and tuples returned ({@code pg_stat_database}: other programs on the same database
 * add to these). PostgreSQL publishes a backend's counts up to a second after its transaction (an
 * idle backend's up to ten seconds later), so compare windows of several seconds.
 */
final class DatabaseActivity {

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
