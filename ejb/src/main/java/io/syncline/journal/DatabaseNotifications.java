package io.syncline.journal;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * On PostgreSQL, turns the capture triggers' NOTIFY into {@link WakeUp} events, so that a change
 * written outside JPA is numbered at once. It needs the JDBC driver's own API: where the
 * application does not see the driver's classes (on WildFly, a dependency on the module
 * {@code org.postgresql}), such changes are numbered at the sequencer's next poll instead.
 */
@ApplicationScoped
public class DatabaseNotifications {

    private static final Logger LOG = Logger.getLogger(DatabaseNotifications.class.getName());

    @Inject
    Database database;

    @Inject
    Event<WakeUp> wakeUps;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;

    private PostgresWakeUps listener;

    /** Listens for the triggers' NOTIFY, on PostgreSQL when the driver's API is visible (see {@code EngineStartup}). */
    public synchronized void start() {
        if (listener != null || !database.isPostgres()) {
            return;
        }
        try {
            Class.forName("org.postgresql.PGConnection", false, DatabaseNotifications.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            LOG.info("The PostgreSQL driver's API is not visible to the application: writes captured by the triggers"
                    + " are numbered at the sequencer's next poll (syncline.sequencer.poll), not at once");
            return;
        }
        listener = new PostgresWakeUps(database.dataSource(), () -> wakeUps.fire(new WakeUp(false)));
        listener.start(threads);
    }

    /** Stops listening (see {@code EngineStartup}; again, harmlessly, when the application context ends). */
    @PreDestroy
    public synchronized void stop() {
        if (listener != null) {
            listener.stop();
        }
    }
}
