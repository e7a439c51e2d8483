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
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.websocket.Session;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.lang.management.ManagementFactory;
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
 * message-driven bean, in offset order, keeps the most recent ones, and wakes each session, which
 * takes them at its own pace (see {@link SyncSession}): the delivery thread does no database work
 * for any session and waits for none.
 *
 * <p>It keeps the offset order whole: an offset seen before (republished after a sequencer
 * failover) is dropped, and a gap (a message lost or late) is filled from the journal first. A gap
 * the journal can no longer fill is stepped over: each subscription that needs it finds it missing
 * when it reads the journal, and gets {@code reset}.
 */
@ApplicationScoped
public class SessionRegistry {

    private static final Logger LOG = Logger.getLogger(SessionRegistry.class.getName());
    /**
     * How many rows' latest state the registry remembers to judge leaves without the journal
     * (about a kilobyte each; an older row's state is read from the journal when needed).
     */
    static final int KNOWN_ROWS = 20_000;

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

    private final DeliverySettings settings = DeliverySettings.fromSystemProperties();
    private final Map<String, SyncSession> sessions = new ConcurrentHashMap<>();
    private final RecentTransactions recent = new RecentTransactions(DeliverySettings.RECENT_CHANGES);
    /** The latest representation of recently changed rows, by "entity key" (guarded by delivery). */
    private final Map<String, JsonObject> known = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JsonObject> eldest) {
            return size() > KNOWN_ROWS;
        }
    };
    private final Object delivery = new Object();
    /** Guarded by delivery. */
    private final StreamOrder order = new StreamOrder((after, through, max) -> journal.read(after, through, max),
            through -> LOG.warning("Offsets through " + through + " are not in the journal any more;"
                    + " the subscriptions that need them get reset"));
    /**
     * The newest offset delivered: {@link StreamOrder#lastOffset()}, published for readers outside
     * the lock once the transactions through it are among the recent ones.
     */
    private volatile long lastOffset;
    private ScheduledFuture<?> tailCheck;
    private ScheduledFuture<?> heartbeats;
    private ScheduledFuture<?> stalls;
    private ObjectName statistics;

    void started(@Observes @Initialized(ApplicationScoped.class) Object webModuleStarted) {
        synchronized (delivery) {
            if (tailCheck != null) {
                return; // each module of the EAR announces the application scope
            }
            if (!order.started()) {
                order.startAfter(journal.state().publishedOffset());
                lastOffset = order.lastOffset();
            }
            // A lost JMS message is noticed as a gap when the next one arrives; when it was the last
            // one for a while, this check finds it within a second.
            tailCheck = scheduler.scheduleWithFixedDelay(this::catchUpWithJournal, 1, 1, TimeUnit.SECONDS);
            // A client that only listens sends nothing; its pongs show the server it is still there.
            long heartbeat = settings.heartbeat().toMillis();
            heartbeats = scheduler.scheduleWithFixedDelay(() -> sessions.values().forEach(SyncSession::heartbeat),
                    heartbeat, heartbeat, TimeUnit.MILLISECONDS);
            // A reader that stopped reading holds a send open: past the send timeout it is dropped.
            long timeout = settings.sendTimeout().toNanos();
            stalls = scheduler.scheduleWithFixedDelay(() -> {
                long now = System.nanoTime();
                sessions.entrySet().removeIf(session -> session.getValue().closeIfStalled(now, timeout));
            }, 1, 1, TimeUnit.SECONDS);
            statistics = register();
        }
        LOG.info("Syncline is ready: the page at /, the WebSocket at /sync, REST under /api");
    }

    @PreDestroy
    void stop() {
        Stream.of(tailCheck, heartbeats, stalls).filter(Objects::nonNull).forEach(task -> task.cancel(false));
        if (statistics != null) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(statistics);
            } catch (JMException e) {
                LOG.log(Level.FINE, "Unregistering " + statistics + " failed", e);
            }
        }
    }

    /** Publishes the session counts in JMX, as {@code io.syncline:type=Sessions}. */
    private ObjectName register() {
        try {
            ObjectName name = new ObjectName("io.syncline:type=Sessions");
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(name)) {
                server.unregisterMBean(name); // left by a deployment that did not stop cleanly
            }
            server.registerMBean(new StandardMBean(new SessionStatisticsMBean() {
                @Override
                public int getOpen() {
                    return sessions.size();
                }

                @Override
                public int sessionsOf(String user) {
                    return (int) sessions.values().stream().filter(session -> session.user().equals(user)).count();
                }
            }, SessionStatisticsMBean.class), name);
            return name;
        } catch (JMException e) {
            LOG.log(Level.WARNING, "The session counts are not published in JMX", e);
            return null;
        }
    }

    /** Delivers, from the journal, what was published but has not arrived here. */
    private void catchUpWithJournal() {
        try {
            long published = journal.state().publishedOffset();
            if (published > lastOffset) {
                synchronized (delivery) {
                    if (order.started()) {
                        order.published(published).forEach(this::accept);
                        lastOffset = order.lastOffset();
                    }
                }
                sessions.values().forEach(SyncSession::schedule);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Checking the journal for undelivered changes failed", e);
        }
    }

    /**
     * Admits a new connection of an authenticated user; false when the user already holds
     * {@code syncline.max-sessions-per-user} sessions.
     */
    synchronized boolean open(Session session) {
        String user = session.getUserPrincipal().getName();
        if (sessions.values().stream().filter(s -> s.user().equals(user)).count() >= settings.sessionsPerUser()) {
            return false;
        }
        sessions.put(session.getId(), new SyncSession(session.getId(), user, new SessionPeer(session), this));
        return true;
    }

    void close(Session session) {
        SyncSession closed = sessions.remove(session.getId());
        if (closed != null) {
            closed.closed();
        }
    }

    SyncSession of(Session session) {
        return sessions.get(session.getId());
    }

    int sessionsPerUser() {
        return settings.sessionsPerUser();
    }

    /** The newest offset delivered on this server. */
    long lastOffset() {
        return lastOffset;
    }

    /** The newest offset published by the sequencer (this server may not have received it yet). */
    long publishedOffset() {
        return journal.state().publishedOffset();
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

    /** Each row's state before a transaction read from the journal (a transaction no longer among the recent ones). */
    Befores journalBefores(CommittedTransaction tx) {
        return new Delivered(tx, new JsonObject[tx.changes().size()], index -> journalBefore(tx, index));
    }

    private JsonObject journalBefore(CommittedTransaction tx, int index) {
        EntityChange change = tx.changes().get(index);
        return change.op() == ChangeOp.INSERT ? null : journal.dataBefore(change.entity(), change.key(), tx.offsetOf(index));
    }

    RecentTransactions recent() {
        return recent;
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

    /** Runs a session's work on the container's executor. */
    void execute(Runnable work) {
        executor.execute(work);
    }

    void deliver(@Observes CommittedTransaction tx) {
        synchronized (delivery) {
            order.arrived(tx).forEach(this::accept);
            lastOffset = order.lastOffset();
        }
        sessions.values().forEach(SyncSession::schedule);
    }

    private void accept(CommittedTransaction tx) {
        recent.add(new Delivered(tx, knownBefores(tx), index -> journalBefore(tx, index)));
    }

    /**
     * Each row's state before the transaction as this server delivered it last (taken now, before
     * the transaction updates it); null where the server does not know it.
     */
    private JsonObject[] knownBefores(CommittedTransaction tx) {
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
        return before;
    }
}
