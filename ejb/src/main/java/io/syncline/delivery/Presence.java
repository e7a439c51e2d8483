package io.syncline.delivery;

import io.syncline.config.Settings;
import io.syncline.relay.PresenceReport;
import io.syncline.relay.Relay;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Presence (wire protocol: {@code join}, {@code part}, {@code presence}): who is looking at a scope
 * right now, on every server of the cluster. Each server tells the others its present users
 * through the wake-up topic — at once when they change, and every {@link #REPORT_EVERY} while it
 * has any — never through the database. A server whose reports stop (it died) is forgotten after
 * {@link #REPORT_LIMIT}; a session that is closed leaves at once, and one that has not been heard
 * from (no frame, no pong) for two heartbeats no longer counts.
 *
 * <p>Only a user who holds a scope may join it, and a revocation of that scope ends their joins.
 */
@ApplicationScoped
class Presence {

    /** How often a server reports its present users even when nothing changed. */
    static final long REPORT_EVERY = TimeUnit.SECONDS.toNanos(5);
    /** How long another server's report counts: three reports missed, and it is gone. */
    static final long REPORT_LIMIT = 3 * REPORT_EVERY;
    /** Joins one session may hold. */
    static final int MAX_JOINS = 100;
    /** The longest scope a client may name. */
    static final int MAX_SCOPE_LENGTH = 1000;

    private static final Logger LOG = Logger.getLogger(Presence.class.getName());

    @Inject
    Relay relay;

    @Inject
    Views views;

    @Inject
    Settings settings;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    /** This server's name in its reports, new with every start. */
    private final String server = UUID.randomUUID().toString();
    private PresenceState<SyncSession> state;
    private ScheduledFuture<?> ticks;
    private Map<String, Set<String>> reported = Map.of();
    private long reportedAt;

    synchronized void start() {
        if (ticks != null) {
            return;
        }
        state = new PresenceState<>(SyncSession::heardAt, 2 * settings.heartbeat().toNanos());
        ticks = scheduler.scheduleWithFixedDelay(this::tick, 250, 250, TimeUnit.MILLISECONDS);
    }

    /** Stops reporting, and tells the other servers that this one's users are gone. */
    @PreDestroy
    void stop() {
        ScheduledFuture<?> running;
        boolean hadUsers;
        synchronized (this) {
            running = ticks;
            ticks = null;
            hadUsers = !reported.isEmpty();
        }
        if (running != null) {
            running.cancel(false);
            if (hadUsers) {
                relay.publishPresence(report(Map.of()));
            }
        }
    }

    /** Answers {@code join}: the user must hold the scope. */
    void join(SyncSession session, ClientFrame frame) throws ProtocolException {
        JsonValue scope = frame.json().get("scope");
        String text = scopeText(frame.id(), scope);
        synchronized (this) {
            if (state.has(session, frame.id())) {
                throw new ProtocolException(ErrorCode.DUPLICATE_ID, frame.id(), "'" + frame.id() + "' has already joined");
            }
            if (state.joinsOf(session) >= MAX_JOINS) {
                throw new ProtocolException(ErrorCode.TOO_MANY_SUBSCRIPTIONS, frame.id(), "a session joins at most " + MAX_JOINS + " scopes");
            }
        }
        if (!views.holdsNow(session.user(), text)) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, frame.id(), "you may not see this scope");
        }
        List<PresenceState.Notice<SyncSession>> notices;
        synchronized (this) {
            notices = state.join(session, frame.id(), session.user(), text, scope.toString(), System.nanoTime());
        }
        tell(notices);
    }

    /** Answers {@code part}. */
    void part(SyncSession session, ClientFrame frame) throws ProtocolException {
        List<PresenceState.Notice<SyncSession>> notices = new ArrayList<>();
        boolean parted;
        synchronized (this) {
            parted = state.part(session, frame.id(), System.nanoTime(), notices);
        }
        if (!parted) {
            throw new ProtocolException(ErrorCode.UNKNOWN_SUBSCRIPTION, frame.id(), "no join '" + frame.id() + "'");
        }
        tell(notices);
    }

    void closed(SyncSession session) {
        List<PresenceState.Notice<SyncSession>> notices;
        synchronized (this) {
            if (state == null) {
                return;
            }
            notices = state.closed(session, System.nanoTime());
        }
        tell(notices);
    }

    /** {@code user} lost {@code scope} (a grant was taken back, as the stream shows). */
    void revoked(String user, String scope) {
        List<PresenceState.Notice<SyncSession>> notices;
        synchronized (this) {
            notices = state.revoked(user, scope, System.nanoTime());
        }
        tell(notices);
    }

    /** Another server's report (this server's own come back too, and are skipped). */
    void received(@Observes PresenceReport report) {
        String from;
        Map<String, Set<String>> scopes = new HashMap<>();
        try (var reader = Frames.JSON.createReader(new StringReader(report.json()))) {
            JsonObject json = reader.readObject();
            from = json.getString("server");
            for (Map.Entry<String, JsonValue> scope : json.getJsonObject("scopes").entrySet()) {
                Set<String> users = new TreeSet<>();
                for (JsonValue user : scope.getValue().asJsonArray()) {
                    users.add(((JsonString) user).getString());
                }
                scopes.put(scope.getKey(), users);
            }
        } catch (JsonException | ClassCastException | NullPointerException e) {
            LOG.log(Level.WARNING, "A presence report is not readable; skipped", e);
            return;
        }
        if (server.equals(from)) {
            return;
        }
        List<PresenceState.Notice<SyncSession>> notices;
        synchronized (this) {
            if (state == null) {
                return;
            }
            notices = state.report(from, scopes, System.nanoTime());
        }
        tell(notices);
    }

    /** Forgets servers that stopped reporting and silent sessions; reports this server's users when they changed, or when due. */
    private void tick() {
        try {
            long now = System.nanoTime();
            List<PresenceState.Notice<SyncSession>> notices;
            String report = null;
            synchronized (this) {
                if (ticks == null) {
                    return;
                }
                notices = state.tick(now, REPORT_LIMIT);
                Map<String, Set<String>> local = state.local(now);
                // A server without users says so once, then keeps quiet: the others forget it anyway.
                if (!local.equals(reported) || (!local.isEmpty() && now - reportedAt >= REPORT_EVERY)) {
                    report = report(local);
                    reported = local;
                    reportedAt = now;
                }
            }
            tell(notices);
            if (report != null && !relay.publishPresence(report)) {
                synchronized (this) {
                    reported = Map.of(); // sent again on the next tick
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "A presence round failed; the next one goes on", e);
        }
    }

    private String report(Map<String, Set<String>> scopes) {
        JsonObjectBuilder byScope = Frames.JSON.createObjectBuilder();
        scopes.forEach((scope, users) -> {
            JsonArrayBuilder names = Frames.JSON.createArrayBuilder();
            users.forEach(names::add);
            byScope.add(scope, names);
        });
        return Frames.JSON.createObjectBuilder().add("server", server).add("scopes", byScope).build().toString();
    }

    private static void tell(List<PresenceState.Notice<SyncSession>> notices) {
        notices.forEach(notice -> notice.session().tell(notice.frame()));
    }

    /** A scope is a string (1 to 1,000 characters) or an integer; its text is what scopes are compared by. */
    static String scopeText(String id, JsonValue scope) throws ProtocolException {
        if (scope instanceof JsonString s && !s.getString().isEmpty() && s.getString().length() <= MAX_SCOPE_LENGTH) {
            return s.getString();
        }
        if (scope instanceof JsonNumber n && n.isIntegral() && n.toString().length() <= 20) {
            return n.bigIntegerValue().toString();
        }
        throw new ProtocolException(ErrorCode.INVALID_FRAME, id, "'scope' must be an integer or a string of 1 to " + MAX_SCOPE_LENGTH + " characters");
    }
}
