package io.syncline.journal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * On PostgreSQL: LISTEN {@code syncline} on a connection of its own and wake the sequencer at each
 * NOTIFY of a capture trigger, so a change written outside JPA is numbered at once. Loaded only on
 * PostgreSQL (it needs the driver's API).
 */
final class PostgresWakeUps {

    private static final Logger LOG = Logger.getLogger(PostgresWakeUps.class.getName());

    private final DataSource dataSource;
    private final Runnable wakeUp;
    private volatile boolean running;
    private Thread thread;

    PostgresWakeUps(DataSource dataSource, Runnable wakeUp) {
        this.dataSource = dataSource;
        this.wakeUp = wakeUp;
    }

    synchronized void start(ThreadFactory threads) {
        running = true;
        thread = threads.newThread(this::run);
        thread.setName("syncline-listen");
        thread.start();
    }

    void stop() {
        running = false;
        Thread listening = thread;
        if (listening != null) {
            listening.interrupt();
        }
    }

    private void run() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                try (Statement listen = connection.createStatement()) {
                    listen.execute("LISTEN syncline");
                }
                PGConnection postgres = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications(1000);
                    if (notifications != null && notifications.length > 0) {
                        wakeUp.run();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.log(Level.WARNING, "LISTEN syncline failed; listening again in a second", e);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }
}
