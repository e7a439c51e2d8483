package io.syncline.journal;

import io.syncline.relay.ChangePublisher;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This server's sequencer candidate, started with the application. Its lease and poll interval
 * are the system properties {@code syncline.sequencer.lease} and {@code syncline.sequencer.poll}
 * (ISO-8601 durations, default PT5S and PT1S).
 */
@ApplicationScoped
public class Sequencer {

    private static final Logger LOG = Logger.getLogger(Sequencer.class.getName());

    @Inject
    Journal journal;

    @Inject
    ChangePublisher publisher;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    Database database;

    private SequencerLoop loop;
    private PostgresWakeUps notifications;

    synchronized void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        if (loop != null) {
            return; // each module of the EAR announces the application scope
        }
        String owner = System.getProperty("jboss.node.name", "server") + "-" + UUID.randomUUID().toString().substring(0, 8);
        loop = new SequencerLoop(owner, journal, publisher::send,
                duration("syncline.sequencer.lease", "PT5S"), duration("syncline.sequencer.poll", "PT1S"));
        loop.start(threads);
        if (database.isPostgres()) {
            notifications = new PostgresWakeUps(database.dataSource(), this::wakeUpIfLeader);
            notifications.start(threads);
        }
    }

    /**
     * Called when a transaction that captured changes has committed: wakes this server's
     * sequencer if it holds the lease, else the one that does, through the topic.
     */
    public void wake() {
        SequencerLoop current = loop;
        if (current != null && current.isLeader()) {
            current.wake();
        } else {
            try {
                publisher.sendWakeUp();
            } catch (RuntimeException e) {
                // The leader's poll picks the change up; the commit itself has succeeded.
                LOG.log(Level.FINE, "Could not send a wake-up to the sequencer", e);
            }
        }
    }

    /** A wake-up from another server: only the sequencer that holds the lease has work. */
    public void wakeUpIfLeader() {
        SequencerLoop current = loop;
        if (current != null && current.isLeader()) {
            current.wake();
        }
    }

    /** This server's candidate (the test kit stops and restarts it to simulate a crash). */
    public SequencerLoop loop() {
        return loop;
    }

    public ManagedThreadFactory threads() {
        return threads;
    }

    @PreDestroy
    void stop() {
        if (notifications != null) {
            notifications.stop();
        }
        if (loop != null) {
            loop.stop(true);
        }
    }

    static Duration duration(String property, String defaultValue) {
        return Duration.parse(System.getProperty(property, defaultValue));
    }
}
