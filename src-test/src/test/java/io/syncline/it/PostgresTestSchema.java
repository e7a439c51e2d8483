package io.syncline.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Logger;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Gives the PostgreSQL pass an empty schema of its own ({@code syncline.test.db.schema}, in the
 * database of {@code syncline.test.db.url}; and {@code <schema>_notes} for the sample application's
 * datasource NotesDS), dropped and created again before any test runs: each
 * run starts from the same state, however many runs the database has seen. Registered in
 * META-INF/services; does nothing in the H2 pass or where PostgreSQL does not answer (then
 * {@link DatabaseCondition} skips the tests).
 */
public class PostgresTestSchema implements LauncherSessionListener {

    private static final Logger LOG = Logger.getLogger(PostgresTestSchema.class.getName());

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        String url = System.getProperty("syncline.test.db.url");
        String schema = System.getProperty("syncline.test.db.schema");
        if (!"postgresql".equals(System.getProperty("syncline.database")) || url == null || schema == null) {
            return;
        }
        try {
            // The sample application (SampleApplicationIT) has a database of its own: schema <schema>_notes.
            recreate(url, schema, schema + "_notes");
        } catch (SQLException e) {
            LOG.warning(() -> "Cannot prepare schema " + schema + " at " + url + ": " + e.getMessage());
        }
    }

    /** Drops these schemas of the database at {@code url}, with all they hold, and creates them again, empty. */
    static void recreate(String url, String... schemas) throws SQLException {
        for (String schema : schemas) {
            if (!schema.matches("[a-z_][a-z0-9_]*")) {
                throw new IllegalArgumentException("a test schema must have a plain lower-case name: " + schema);
            }
        }
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
             Statement ddl = connection.createStatement()) {
            ddl.execute("SET lock_timeout = '10s'"); // a server left running from an earlier build must not hang this one
            for (String schema : schemas) {
                ddl.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                ddl.execute("CREATE SCHEMA " + schema);
                LOG.info(() -> "The PostgreSQL tests start from an empty schema " + schema + " at " + url);
            }
        }
    }
}
