package io.syncline.journal;

import io.syncline.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * The synced persistence unit's JTA datasource ({@code syncline.datasource}), through which the
 * journal is written in the application's transactions; and which database it is: PostgreSQL gets
 * triggers and LISTEN/NOTIFY.
 */
@ApplicationScoped
class Database {

    @Inject
    Settings settings;

    private volatile DataSource dataSource;
    private volatile String product;

    public DataSource dataSource() {
        DataSource found = dataSource;
        if (found == null) {
            String name = settings.datasource();
            try {
                found = (DataSource) lookUp(new InitialContext(), name);
            } catch (NamingException | ClassCastException e) {
                throw new IllegalStateException(Settings.DATASOURCE + "=" + name + " names no datasource", e);
            }
            dataSource = found;
        }
        return found;
    }

    /**
     * {@code name} as it is; a name without a scheme ({@code jdbc/SynclineDS}), which Payara binds as
     * it is, also as {@code java:/name}, where WildFly binds it (and where WildFly's JPA looks up such
     * a {@code jta-data-source}): the same setting serves both servers.
     */
    static Object lookUp(Context context, String name) throws NamingException {
        try {
            return context.lookup(name);
        } catch (NamingException e) {
            if (name.contains(":")) {
                throw e;
            }
            try {
                return context.lookup("java:/" + name);
            } catch (NamingException alsoNotThere) {
                e.addSuppressed(alsoNotThere);
                throw e;
            }
        }
    }

    public String product() {
        String name = product;
        if (name == null) {
            try (Connection connection = dataSource().getConnection()) {
                name = connection.getMetaData().getDatabaseProductName();
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot reach the datasource " + settings.datasource(), e);
            }
            product = name;
        }
        return name;
    }

    public boolean isPostgres() {
        return "PostgreSQL".equals(product());
    }
}
