package io.syncline.journal;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Which database the persistence unit's datasource is: PostgreSQL gets triggers and LISTEN/NOTIFY. */
@ApplicationScoped
public class Database {

    @Resource(lookup = JournalWriter.DATASOURCE)
    DataSource dataSource;

    private volatile String product;

    public DataSource dataSource() {
        return dataSource;
    }

    public String product() {
        String name = product;
        if (name == null) {
            try (Connection connection = dataSource.getConnection()) {
                name = connection.getMetaData().getDatabaseProductName();
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot reach the Syncline datasource " + JournalWriter.DATASOURCE, e);
            }
            product = name;
        }
        return name;
    }

    public boolean isPostgres() {
        return "PostgreSQL".equals(product());
    }
}
