package io.syncline.relay;

import io.syncline.config.Settings;
import io.syncline.journal.CommittedTransaction;
import io.syncline.journal.Journal;
import io.syncline.journal.SequencerLoop;
import io.syncline.journal.Sequencing;
import io.syncline.testkit.JournalProbe;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Stops and restarts this server's sequencer and runs a rival one against the same database,
 * with faults injected into its publication: a crash between commit and publish, or a lost message.
 */
@ApplicationScoped
public class SequencerControl {

    /**
     * NONE; CRASH_AT_PUBLISH: every publication fails; DROP_FIRST: the first message is lost;
     * DROP_AND_PURGE_FIRST: the first message is lost and its changes are gone from the journal
     * before anyone could fill the gap (as if retention had purged them meanwhile).
     */
    public enum Fault { NONE, CRASH_AT_PUBLISH, DROP_FIRST, DROP_AND_PURGE_FIRST }

    @Inject
    Relay relay;

    @Inject
    Sequencing sequencing;

    @Inject
    Settings settings;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    Journal journal;

    @Inject
    ChangePublisher publisher;

    @Inject
    JournalProbe probe;

    private SequencerLoop rival;
    private final AtomicInteger failedPublications = new AtomicInteger();

    public void stopPrimary(boolean release) {
        relay.candidate().stop(release);
    }

    public void startPrimary() {
        relay.candidate().start(threads);
    }

    public synchronized void startRival(Fault fault) {
        stopRival(true);
        failedPublications.set(0);
        rival = new SequencerLoop("rival", sequencing, journal, publication(fault), settings.sequencerLease(), Duration.ofSeconds(1));
        rival.start(threads);
    }

    public synchronized void stopRival(boolean release) {
        if (rival != null) {
            rival.stop(release);
            rival = null;
        }
    }

    public String primaryOwner() {
        return relay.candidate().owner();
    }

    /** Who holds the lease, as the database says. */
    public String leaseOwner() {
        return journal.state().owner();
    }

    public int failedPublications() {
        return failedPublications.get();
    }

    private Consumer<CommittedTransaction> publication(Fault fault) {
        return switch (fault) {
            case NONE -> tx -> publisher.send(relay.journalId(), tx);
            case CRASH_AT_PUBLISH -> tx -> {
                failedPublications.incrementAndGet();
                throw new IllegalStateException("injected crash before publishing offset " + tx.firstOffset());
            };
            case DROP_FIRST, DROP_AND_PURGE_FIRST -> new Consumer<>() {
                private boolean dropped;

                @Override
                public void accept(CommittedTransaction tx) {
                    if (!dropped) {
                        dropped = true; // as if the JMS message were lost
                        if (fault == Fault.DROP_AND_PURGE_FIRST) {
                            probe.forget(tx.tx());
                        }
                        failedPublications.incrementAndGet();
                        return;
                    }
                    publisher.send(relay.journalId(), tx);
                }
            };
        };
    }
}
