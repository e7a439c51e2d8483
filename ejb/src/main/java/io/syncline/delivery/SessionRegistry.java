package io.syncline.delivery;

import io.syncline.capture.SyncedEntities;
import io.syncline.config.Settings;
import io.syncline.journal.Journal;
import io.syncline.metrics.SynclineMetrics;
import io.syncline.relay.Relay;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import java.lang.management.ManagementFactory;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * The open sessions of this server: admits them (at most {@code syncline.max-sessions-per-user}
 * per user), hands them client frames, wakes them when the stream moves, pings them, drops those
 * whose reader stopped, and counts them in JMX. What a session needs from the engine it finds
 * here: the stream, the journal, the views, the entities.
 */
@ApplicationScoped
public class SessionRegistry {

    private static final Logger LOG = Logger.getLogger(SessionRegistry.class.getName());

    @Inject
    DeliveredStream stream;

    @Inject
    SyncedEntities entities;

    @Inject
    Journal journal;

    @Inject
    Relay relay;

    @Inject
    SnapshotReader snapshots;

    @Inject
    Views views;

    @Inject
    Settings settings;

    @Inject
    Presence presence;

    @Inject
    SynclineMetrics metrics;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    private final Map<String, SyncSession> sessions = new ConcurrentHashMap<>();
    private final Interests interests = new Interests();
    /** How many sessions each user holds (guarded by this). */
    private final Map<String, Integer> sessionsOf = new HashMap<>();
    /**
     * Runs the sessions' work: threads of the container's factory, pooled here rather than the
     * container's default executor, which sets the application's context up again for every task
     * (a task per woken session, thousands a second) and which the application's own work shares.
     */
    private ThreadPoolExecutor workers;
    private ScheduledFuture<?> heartbeats;
    private ScheduledFuture<?> stalls;
    private ObjectName statistics;

    /** Starts routing, heartbeats and the send-timeout watch (see {@code EngineStartup}). */
    public synchronized void start() {
        if (heartbeats != null) {
            return;
        }
        int size = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        workers = new ThreadPoolExecutor(size, size, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), threads);
        workers.allowCoreThreadTimeOut(true);
        stream.start(this::route);
        // A client that only listens sends nothing; its pongs show the server it is still there.
        long heartbeat = settings.heartbeat().toMillis();
        heartbeats = scheduler.scheduleWithFixedDelay(() -> sessions.values().forEach(SyncSession::heartbeat),
                heartbeat, heartbeat, TimeUnit.MILLISECONDS);
        // A reader that stopped reading holds a send open: past the send timeout it is dropped.
        // The others are nudged (see SyncSession.nudge).
        long timeout = settings.sendTimeout().toNanos();
        stalls = scheduler.scheduleWithFixedDelay(() -> {
            long now = System.nanoTime();
            sessions.forEach((id, session) -> {
                if (session.closeIfStalled(now, timeout) && sessions.remove(id, session)) {
                    forget(session);
                } else {
                    session.nudge();
                }
            });
        }, 1, 1, TimeUnit.SECONDS);
        presence.start();
        statistics = register();
        metrics.sessions(() -> SessionCensus.of(sessions.values()));
        LOG.info("Syncline is ready: synced entities " + entities.all().stream().map(type -> type.name()).sorted().toList());
    }

    /** Stops delivery (see {@code EngineStartup}; again, harmlessly, when the application context ends). */
    @PreDestroy
    public void stop() {
        presence.stop();
        Stream.of(heartbeats, stalls).filter(Objects::nonNull).forEach(task -> task.cancel(false));
        if (workers != null) {
            // Deliveries in progress end as they would (their reads of the journal commit), then
            // whatever still runs is interrupted.
            workers.shutdown();
            try {
                if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                    workers.shutdownNow();
                }
            } catch (InterruptedException e) {
                workers.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        if (statistics != null) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(statistics);
            } catch (JMException e) {
                LOG.log(Level.FINE, "Unregistering " + statistics + " failed", e);
            }
            statistics = null;
        }
    }

    /**
     * Hands each delivered transaction, in offset order, to the subscriptions it may concern (see
     * {@link Interests}; every subscription when it may move users' views); returns what wakes
     * their sessions, which the stream runs once it counts these transactions as handed on.
     * Subscriptions a transaction does not concern never look at it.
     */
    private Runnable route(List<Delivered> delivered) {
        Set<SyncSession> woken = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Interests.Interest> concerned = new HashSet<>();
        for (Delivered tx : delivered) {
            concerned.clear();
            if (views.grants(tx.tx())) {
                interests.all(concerned);
                views.revokedBy(tx.tx()).forEach(grant -> presence.revoked(grant.user(), String.valueOf(grant.scope())));
            } else {
                interests.concerned(tx, concerned);
            }
            for (Interests.Interest interest : concerned) {
                interest.subscription().offer(tx);
                woken.add(interest.session());
            }
        }
        return () -> woken.forEach(SyncSession::schedule);
    }

    /**
     * Publishes the session counts in JMX, as {@code io.syncline:type=Sessions,journal=<id>} (one
     * per application that runs Syncline).
     */
    private ObjectName register() {
        try {
            ObjectName name = new ObjectName("io.syncline:type=Sessions,journal=" + ObjectName.quote(relay.journalId()));
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
        } catch (JMException | RuntimeException e) {
            LOG.log(Level.WARNING, "The session counts are not published in JMX", e);
            return null;
        }
    }

    /**
     * Admits a new connection of an authenticated user; false when the user already holds
     * {@code syncline.max-sessions-per-user} sessions.
     */
    public synchronized boolean open(String id, String user, Peer peer) {
        int held = sessionsOf.getOrDefault(user, 0);
        if (held >= settings.maxSessionsPerUser()) {
            return false;
        }
        sessionsOf.put(user, held + 1);
        sessions.put(id, new SyncSession(id, user, peer, this));
        return true;
    }

    private synchronized void forget(SyncSession session) {
        sessionsOf.computeIfPresent(session.user(), (user, held) -> held == 1 ? null : held - 1);
    }

    /** A text frame from the client of session {@code id}. */
    public void receive(String id, String text) {
        SyncSession session = sessions.get(id);
        if (session != null) {
            session.receive(text);
        }
    }

    /** The client of session {@code id} answered a ping. */
    public void pong(String id) {
        SyncSession session = sessions.get(id);
        if (session != null) {
            session.heard();
        }
    }

    public void close(String id) {
        SyncSession closed = sessions.remove(id);
        if (closed != null) {
            forget(closed);
            closed.closed();
        }
    }

    public int sessionsPerUser() {
        return settings.maxSessionsPerUser();
    }

    Interests interests() {
        return interests;
    }

    DeliveredStream stream() {
        return stream;
    }

    /** The newest offset delivered on this server. */
    long lastOffset() {
        return stream.lastOffset();
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

    Journal journal() {
        return journal;
    }

    Presence presence() {
        return presence;
    }

    SnapshotReader snapshots() {
        return snapshots;
    }

    Views views() {
        return views;
    }

    SynclineMetrics metrics() {
        return metrics;
    }

    /** Runs a session's work on the sessions' threads. */
    void execute(Runnable work) {
        workers.execute(work);
    }
}
