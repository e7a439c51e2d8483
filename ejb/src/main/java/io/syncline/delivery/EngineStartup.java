package io.syncline.delivery;

import io.syncline.journal.DatabaseNotifications;
import io.syncline.relay.Relay;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/**
 * Starts the engine with the application, once {@code CaptureSchema} has prepared the database:
 * delivery first, so that it takes what comes from the first message on; then this server's
 * sequencer candidate; then, on PostgreSQL, the triggers' wake-ups.
 *
 * <p>A startup singleton, not an observer of {@code @Initialized(ApplicationScoped.class)}: in an
 * EAR, Payara fires that event outside any module, where the engine's resources
 * ({@code java:comp/DefaultManagedThreadFactory} and the like) cannot be looked up. A singleton's
 * {@code @PostConstruct} runs in its module's naming context on every server.
 *
 * <p>It stops the engine too, in the reverse order, while the module's enterprise beans still
 * answer: a sequencer round or a journal read that the container cut short as it undeployed them
 * left its transaction open on Payara, holding the sequencer's row lock (and the journal's table),
 * so the next deployment waited for it forever. The beans' own {@code @PreDestroy} (later, with
 * the CDI context) then finds them stopped.
 */
@Singleton
@Startup
@DependsOn("CaptureSchema")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class EngineStartup {

    @Inject
    SessionRegistry sessions;

    @Inject
    Relay relay;

    @Inject
    DatabaseNotifications notifications;

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // Payara reads it here, not on the class
    void start() {
        sessions.start();
        relay.start();
        notifications.start();
    }

    @PreDestroy
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void stop() {
        notifications.stop();
        relay.stop();
        sessions.stop();
    }
}
