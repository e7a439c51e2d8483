package io.syncline.web.socket;

import io.syncline.capture.ChangeOp;
import io.syncline.capture.EntityChange;
import io.syncline.capture.SyncedEntities;
import io.syncline.journal.Journal;
import io.syncline.journal.SnapshotReader;
import io.syncline.relay.CommittedTransaction;
import io.syncline.subscribe.Filter;
import io.syncline.subscribe.FilterCompiler;
import io.syncline.subscribe.InvalidFilterException;
import io.syncline.subscribe.RowPolicy;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.websocket.Session;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The WebSocket sessions of this server. Receives every committed transaction from the
 * message-driven bean, in offset order, and delivers it to each session.
 *
 * <p>It keeps the offset order whole: an offset seen before (republished after a sequencer
 * failover) is dropped, and a gap (a message lost or late) is filled from the journal first.
 */
@ApplicationScoped
public class SessionRegistry {

    private static final Logger LOG = Logger.getLogger(SessionRegistry.class.getName());
    private static final int BACKFILL_PAGE = 1000;

    @Inject
    SyncedEntities entities;

    @Inject
    Journal journal;

    @Inject
    SnapshotReader snapshots;

    @Inject
    RowPolicy policy;

    @Resource
    ManagedExecutorService executor;

    @Resource
    ManagedScheduledExecutorService scheduler;

    /** How often each session is pinged: {@code -Dsyncline.heartbeat}, an ISO-8601 duration. */
    private final Duration heartbeat = Duration.parse(System.getProperty("syncline.heartbeat", "PT30S"));

    private ScheduledFuture<?> tailCheck;
    private ScheduledFuture<?> heartbeats;

    /**
     * How many rows' latest state the registry remembers to judge leaves without the journal
     * (about a kilobyte each; an older row's state is read from the journal when needed).
     */
    static final int KNOWN_ROWS = 20_000;

    private final Map<String, SyncSession> sessions = new ConcurrentHashMap<>();
    /** The latest representation of recently changed rows, by "entity key" (guarded by delivery). */
    private final Map<String, JsonObject> known = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JsonObject> eldest) {
            return size() > KNOWN_ROWS;
        }
    };
    private final Object delivery = new Object();
    private volatile long lastOffset;
    private boolean started; // guarded by delivery

    void started(@Observes @Initialized(ApplicationScoped.class) Object webModuleStarted) {
        synchronized (delivery) {
            if (!started) {
                lastOffset = journal.state().publishedOffset();
                started = true;
            }
        }
        // A lost JMS message is noticed as a gap when the next one arrives; when it was the last
        // one for a while, this check finds it within a second.
        tailCheck = scheduler.scheduleWithFixedDelay(this::catchUpWithJournal, 1, 1, TimeUnit.SECONDS);
        // A client that only listens sends nothing; its pongs show the server it is still there.
        heartbeats = scheduler.scheduleWithFixedDelay(() -> sessions.values().forEach(SyncSession::heartbeat),
                heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Syncline is ready: the page at /, the WebSocket at /sync, REST under /api");
    }

    @PreDestroy
    void stop() {
        Stream.of(tailCheck, heartbeats).filter(Objects::nonNull).forEach(task -> task.cancel(false));
    }

    /** Delivers, from the journal, what was published but has not arrived here. */
    private void catchUpWithJournal() {
        try {
            long published = journal.state().publishedOffset();
            if (published > lastOffset) {
                synchronized (delivery) {
                    if (started && published > lastOffset) {
                        backfill(published);
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Checking the journal for undelivered changes failed", e);
        }
    }

    void open(Session session) {
        sessions.put(session.getId(), new SyncSession(session, this));
    }

    void close(Session session) {
        sessions.remove(session.getId());
    }

    SyncSession of(Session session) {
        return sessions.get(session.getId());
    }

    /** The newest offset delivered on this server. */
    long lastOffset() {
        return lastOffset;
    }

    /** The oldest offset a client may resume from; older ones have been purged. */
    long oldestResumableOffset() {
        return journal.state().purgedOffset();
    }

    boolean isSynced(String entity) {
        return entities.named(entity).isPresent();
    }

    Filter compileFilter(String entity, JsonValue filter) throws InvalidFilterException {
        return FilterCompiler.compile(entities.named(entity).orElseThrow(), entities.metamodel(), filter);
    }

    /** Befores read from the journal, for replays (they must not disturb what live delivery knows). */
    Befores journalBefores(CommittedTransaction tx) {
        JsonObject[] looked = new JsonObject[tx.changes().size()];
        boolean[] done = new boolean[looked.length];
        return index -> {
            if (!done[index]) {
                EntityChange change = tx.changes().get(index);
                looked[index] = change.op() == ChangeOp.INSERT ? null
                        : journal.dataBefore(change.entity(), change.key(), tx.offsetOf(index));
                done[index] = true;
            }
            return looked[index];
        };
    }

    Journal journal() {
        return journal;
    }

    SnapshotReader snapshots() {
        return snapshots;
    }

    RowPolicy policy() {
        return policy;
    }

    /** Runs a replay or a snapshot off the delivery thread. */
    void catchUp(Runnable task) {
        executor.execute(task);
    }

    void deliver(@Observes CommittedTransaction tx) {
        synchronized (delivery) {
            if (!started) {
                // The first message reached us before startup finished: the stream starts here.
                lastOffset = tx.firstOffset() - 1;
                started = true;
            }
            if (tx.lastOffset() <= lastOffset) {
                return;
            }
            if (tx.firstOffset() > lastOffset + 1) {
                backfill(tx.firstOffset() - 1);
            }
            deliverNow(tx);
        }
    }

    private void backfill(long through) {
        LOG.fine(() -> "Filling offsets " + (lastOffset + 1) + " to " + through + " from the journal");
        while (lastOffset < through) {
            List<CommittedTransaction> missing = journal.read(lastOffset, through, BACKFILL_PAGE);
            if (missing.isEmpty()) {
                LOG.warning("Offsets " + (lastOffset + 1) + " to " + through + " are not in the journal any more");
                return;
            }
            missing.forEach(this::deliverNow);
        }
    }

    private void deliverNow(CommittedTransaction tx) {
        Befores befores = liveBefores(tx);
        Map<String, RowPolicy.Revocation> lost = policy.committed(tx);
        // Set before delivering: a subscription opened meanwhile takes it as its watermark and
        // skips the transaction, one opened before receives it.
        lastOffset = tx.lastOffset();
        for (SyncSession session : sessions.values()) {
            session.deliver(tx, befores);
            RowPolicy.Revocation rows = lost.get(session.user());
            if (rows != null) {
                session.revoke(rows, tx.lastOffset());
            }
        }
    }

    /**
     * Each row's state before the transaction, from what this server delivered last (taken now,
     * before the transaction updates it), else from the journal when a filtered subscription asks.
     */
    private Befores liveBefores(CommittedTransaction tx) {
        List<EntityChange> changes = tx.changes();
        JsonObject[] before = new JsonObject[changes.size()];
        for (int i = 0; i < changes.size(); i++) {
            EntityChange change = changes.get(i);
            String row = change.entity() + " " + change.key();
            before[i] = change.op() == ChangeOp.INSERT ? null : known.get(row);
            if (change.op() == ChangeOp.DELETE) {
                known.remove(row);
            } else {
                known.put(row, change.data());
            }
        }
        Befores fromJournal = journalBefores(tx);
        return index -> before[index] != null ? before[index] : fromJournal.before(index);
    }
}
