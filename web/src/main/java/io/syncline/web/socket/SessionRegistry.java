package io.syncline.web.socket;

import io.syncline.capture.SyncedEntities;
import io.syncline.relay.CommittedTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.websocket.Session;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The WebSocket sessions of this server. Receives every committed transaction from the
 * message-driven bean and delivers it to each session's subscriptions.
 */
@ApplicationScoped
public class SessionRegistry {

    private static final Logger LOG = Logger.getLogger(SessionRegistry.class.getName());

    @Inject
    SyncedEntities entities;

    private final Map<String, SyncSession> sessions = new ConcurrentHashMap<>();
    private volatile long lastOffset;

    void started(@Observes @Initialized(ApplicationScoped.class) Object webModuleStarted) {
        LOG.info("Syncline is ready: the page at /, the WebSocket at /sync, REST under /api");
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

    /** The newest offset this server has received. */
    long lastOffset() {
        return lastOffset;
    }

    boolean isSynced(String entity) {
        return entities.named(entity).isPresent();
    }

    void deliver(@Observes CommittedTransaction tx) {
        // Set before delivering: a subscription opened meanwhile takes it as its watermark and
        // skips the transaction, one opened before receives it.
        lastOffset = Math.max(lastOffset, tx.lastOffset());
        sessions.values().forEach(session -> session.deliver(tx));
    }
}
