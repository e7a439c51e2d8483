package io.syncline.relay;

import io.syncline.config.Settings;
import io.syncline.journal.Journal;
import io.syncline.journal.SequencerLoop;
import io.syncline.journal.Sequencing;
import io.syncline.journal.WakeUp;
import io.syncline.metrics.SynclineMetrics;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This server's part in relaying the journal: it runs the server's sequencer candidate (which
 * publishes what it numbers to the changes topic), and passes wake-ups on to the sequencer that
 * holds the lease, here or, through the wake-up topic, on another server.
 */
@ApplicationScoped
public class Relay {

    private static final Logger LOG = Logger.getLogger(Relay.class.getName());

    @Inject
    Sequencing sequencing;

    @Inject
    Journal journal;

    @Inject
    ChangePublisher publisher;

    @Inject
    Settings settings;

    @Inject
    SynclineMetrics metrics;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;

    private SequencerLoop loop;
    private volatile String journalId;

    /** Starts this server's sequencer candidate (see {@code EngineStartup}). */
    public synchronized void start() {
        if (loop != null) {
            return;
        }
        String id = journalId();
        String owner = settings.nodeName() + "-" + UUID.randomUUID().toString().substring(0, 8);
        loop = new SequencerLoop(owner, sequencing, journal, tx -> {
            publisher.send(id, tx);
            metrics.published(tx.changes().size(), tx.lastOffset());
        }, settings.sequencerLease(), settings.sequencerPoll());
        metrics.sequencerLeader(loop::isLeader);
        loop.start(threads);
    }

    /** This server's sequencer candidate (package access: the test kit stops and restarts it). */
    SequencerLoop candidate() {
        return loop;
    }

    /**
     * The id under which this journal's messages travel (see {@code Sequencing.journalId}). On a new
     * database, servers that start at once race to create the journal's state row: the loser tries
     * again.
     */
    public String journalId() {
        String id = journalId;
        for (int attempt = 1; id == null; attempt++) {
            try {
                id = sequencing.journalId();
            } catch (RuntimeException e) {
                if (attempt == 3) {
                    throw e;
                }
                LOG.log(Level.FINE, "Reading the journal's id failed; trying again", e);
            }
        }
        journalId = id;
        return id;
    }

    /** Committed changes wait: wakes this server's sequencer if it holds the lease, else (if asked) the one that does. */
    void wake(@Observes WakeUp wakeUp) {
        SequencerLoop current = loop;
        if (current != null && current.isLeader()) {
            current.wake();
        } else if (wakeUp.anyServer()) {
            try {
                publisher.sendWakeUp(journalId());
            } catch (RuntimeException e) {
                // The leader's poll picks the change up; the commit itself has succeeded.
                LOG.log(Level.FINE, "Could not send a wake-up to the sequencer", e);
            }
        }
    }

    /**
     * Sends this server's presence report ({@code PresenceReport}) to the other servers; false when
     * the broker refused it (presence sends it again on its next round).
     */
    public boolean publishPresence(String report) {
        try {
            publisher.sendPresence(journalId(), report);
            return true;
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Could not send the presence report", e);
            return false;
        }
    }

    /**
     * Stops this server's sequencer candidate, after its round in progress, and gives up its lease
     * (see {@code EngineStartup}; again, harmlessly, when the application context ends).
     */
    @PreDestroy
    public void stop() {
        if (loop != null) {
            loop.stop(true);
        }
    }
}
