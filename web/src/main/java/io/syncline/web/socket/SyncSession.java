package io.syncline.web.socket;

import io.syncline.capture.ChangeOp;
import io.syncline.capture.EntityChange;
import io.syncline.journal.SnapshotReader;
import io.syncline.relay.CommittedTransaction;
import io.syncline.subscribe.Filter;
import io.syncline.subscribe.InvalidFilterException;
import io.syncline.subscribe.RowPolicy;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.websocket.Session;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The server side of one WebSocket connection: its subscriptions and its send queue. Client frames
 * and live deliveries are serialized on this object, so a subscription's watermark and the stream
 * after it never overlap or leave a gap. Replays and snapshots run on the registry's executor and
 * never hold the lock while they read the database.
 */
final class SyncSession {

    static final int MAX_SUBSCRIPTIONS = 100;
    static final int SEND_QUEUE_CAPACITY = 1024;
    static final int CATCH_UP_PAGE = 500;
    /** A transaction with more changes for one subscription is sent in frames of this many, with "more". */
    static final int CHANGES_PER_FRAME = 1000;

    private static final Logger LOG = Logger.getLogger(SyncSession.class.getName());

    private final SessionRegistry registry;
    private final String user;
    private final SendQueue out;
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();

    /** A session of an authenticated user ({@link SyncEndpoint} admits no other). */
    SyncSession(Session session, SessionRegistry registry) {
        this.registry = registry;
        this.user = session.getUserPrincipal().getName();
        this.out = new SendQueue(session, SEND_QUEUE_CAPACITY);
    }

    synchronized void receive(String text) {
        try {
            ClientFrame frame = ClientFrame.parse(text);
            switch (frame.op()) {
                case "subscribe" -> subscribe(frame);
                case "unsubscribe" -> unsubscribe(frame);
                case "ping" -> out.offer(ServerFrames.pong(frame.id(), registry.lastOffset()), 0);
                default -> throw new IllegalStateException("op accepted but not handled: " + frame.op());
            }
        } catch (ProtocolException e) {
            out.offer(ServerFrames.error(e), 0);
        }
    }

    private void subscribe(ClientFrame frame) throws ProtocolException {
        String id = frame.id();
        String entity = frame.requiredString("entity");
        if (subscriptions.containsKey(id)) {
            throw new ProtocolException(ErrorCode.DUPLICATE_ID, id, "subscription '" + id + "' is already open");
        }
        if (subscriptions.size() >= MAX_SUBSCRIPTIONS) {
            throw new ProtocolException(ErrorCode.TOO_MANY_SUBSCRIPTIONS, id,
                    "a session holds at most " + MAX_SUBSCRIPTIONS + " subscriptions");
        }
        if (!registry.isSynced(entity)) {
            throw new ProtocolException(ErrorCode.UNKNOWN_ENTITY, id,
                    "'" + ClientFrame.shorten(entity) + "' is not a synced entity");
        }
        Filter filter;
        try {
            filter = registry.compileFilter(entity, frame.json().get("filter"));
        } catch (InvalidFilterException e) {
            throw new ProtocolException(ErrorCode.INVALID_FILTER, id, e.getMessage());
        }
        java.util.Optional<String> refusal = registry.policy().refusal(user, entity, filter);
        if (refusal.isPresent()) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, id, refusal.get());
        }
        Long since = since(frame);
        boolean snapshot = snapshot(frame);
        if (since != null && snapshot) {
            throw new ProtocolException(ErrorCode.INVALID_FRAME, id, "'since' and 'snapshot' exclude each other");
        }
        long watermark = registry.lastOffset();
        if (since != null && since < registry.oldestResumableOffset()) {
            out.offer(ServerFrames.reset(id, "offset-expired", watermark), 0);
            return;
        }
        if (since != null && since < watermark) {
            Subscription subscription = new Subscription(id, entity, filter, watermark, true);
            subscriptions.put(id, subscription);
            out.offer(ServerFrames.subscribed(id, since), 0);
            registry.catchUp(() -> replay(subscription, since, watermark));
        } else if (snapshot) {
            Subscription subscription = new Subscription(id, entity, filter, watermark, true);
            subscriptions.put(id, subscription);
            out.offer(ServerFrames.subscribed(id, watermark), 0);
            registry.catchUp(() -> snapshot(subscription, watermark));
        } else {
            long after = since == null ? watermark : since;
            subscriptions.put(id, new Subscription(id, entity, filter, after, false));
            out.offer(ServerFrames.subscribed(id, after), 0);
        }
    }

    private static Long since(ClientFrame frame) throws ProtocolException {
        if (!frame.has("since")) {
            return null;
        }
        if (frame.json().get("since") instanceof JsonNumber number && number.isIntegral()
                && number.bigIntegerValue().signum() >= 0 && number.bigIntegerValue().bitLength() < Long.SIZE) {
            return number.longValueExact();
        }
        throw new ProtocolException(ErrorCode.INVALID_FRAME, frame.id(), "'since' must be an offset (an integer >= 0)");
    }

    private static boolean snapshot(ClientFrame frame) throws ProtocolException {
        if (!frame.has("snapshot")) {
            return false;
        }
        JsonValue value = frame.json().get("snapshot");
        if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
            return value == JsonValue.TRUE;
        }
        throw new ProtocolException(ErrorCode.INVALID_FRAME, frame.id(), "'snapshot' must be true or false");
    }

    private void unsubscribe(ClientFrame frame) throws ProtocolException {
        if (subscriptions.remove(frame.id()) == null) {
            throw new ProtocolException(ErrorCode.UNKNOWN_SUBSCRIPTION, frame.id(),
                    "no open subscription '" + frame.id() + "'");
        }
    }

    /** Sends the journal's changes in (since, watermark], then what arrived live meanwhile. */
    private void replay(Subscription subscription, long since, long watermark) {
        try {
            // Judged by the policy as it was at each replayed offset, not as it is now.
            RowPolicy.History history = registry.policy().history(user, since);
            long after = since;
            while (after < watermark) {
                List<CommittedTransaction> page = registry.journal().read(after, watermark, CATCH_UP_PAGE);
                if (page.isEmpty()) {
                    expired(subscription, watermark); // purged while the replay ran
                    return;
                }
                for (CommittedTransaction tx : page) {
                    if (!out.awaitRoom()) {
                        return;
                    }
                    synchronized (this) {
                        if (subscriptions.get(subscription.id()) != subscription) {
                            return; // unsubscribed meanwhile
                        }
                        history.advance(tx);
                        offer(subscription, tx, since, registry.journalBefores(tx), history::maySee);
                    }
                    after = tx.lastOffset();
                }
            }
            caughtUp(subscription);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failed(subscription, e);
        }
    }

    /** Sends the entity's current rows, page by page, then what arrived live meanwhile. */
    private void snapshot(Subscription subscription, long watermark) {
        try {
            Object afterKey = null;
            boolean last = false;
            while (!last) {
                io.syncline.subscribe.Restriction visible = registry.policy().visibleTo(user);
                SnapshotReader.Page page = registry.snapshots().rows(subscription.entity(), subscription.filter(),
                        visible, afterKey, CATCH_UP_PAGE);
                List<EntityChange> rows = page.rows();
                last = rows.size() < CATCH_UP_PAGE;
                JsonArrayBuilder json = Json.createArrayBuilder();
                for (EntityChange row : rows) {
                    if (visible == null && !registry.policy().maySee(user, row.entity(), row.data())) {
                        continue; // a policy without a query restriction decides row by row
                    }
                    json.add(Json.createObjectBuilder()
                            .add("key", row.key())
                            .add("version", row.version())
                            .add("data", row.data()));
                }
                if (!out.awaitRoom()) {
                    return;
                }
                synchronized (this) {
                    if (subscriptions.get(subscription.id()) != subscription) {
                        return;
                    }
                    out.offer(ServerFrames.snapshot(subscription.id(), watermark, json.build(), last), 0);
                }
                afterKey = page.lastKey();
            }
            caughtUp(subscription);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failed(subscription, e);
        }
    }

    private synchronized void caughtUp(Subscription subscription) {
        if (subscriptions.get(subscription.id()) == subscription) {
            for (CommittedTransaction tx : subscription.caughtUp()) {
                offer(subscription, tx, subscription.after(), registry.journalBefores(tx), this::maySeeNow);
            }
        }
    }

    private synchronized void expired(Subscription subscription, long watermark) {
        if (subscriptions.remove(subscription.id(), subscription)) {
            out.offer(ServerFrames.reset(subscription.id(), "offset-expired", watermark), 0);
        }
    }

    private synchronized void failed(Subscription subscription, RuntimeException e) {
        LOG.log(Level.SEVERE, "Catching up subscription " + subscription.id() + " failed", e);
        if (subscriptions.remove(subscription.id(), subscription)) {
            out.offer(ServerFrames.error(new ProtocolException(ErrorCode.SERVER_ERROR, subscription.id(),
                    "the server could not read the journal; subscribe again")), 0);
        }
    }

    /** Live delivery: queues, for each subscription, the transaction's changes it wants. */
    synchronized void deliver(CommittedTransaction tx, Befores befores) {
        for (Subscription subscription : subscriptions.values()) {
            if (subscription.catchingUp()) {
                subscription.hold(tx);
            } else {
                offer(subscription, tx, subscription.after(), befores, this::maySeeNow);
            }
        }
    }

    /**
     * Queues what the subscription sees of {@code tx} after offset {@code after}, judged on each
     * row's state before and after the change: a change to a row that is in its view after the
     * change; {@code leave} for a row that was in its view and no longer is; a delete only of a row
     * that was in its view. One {@code changes} frame, or for a large transaction consecutive
     * frames of which all but the last carry {@code "more":true}; then the transaction's leaves.
     */
    private void offer(Subscription subscription, CommittedTransaction tx, long after, Befores befores,
                       java.util.function.BiPredicate<String, JsonObject> policy) {
        List<EntityChange> changes = tx.changes();
        Filter filter = subscription.filter();
        JsonArrayBuilder frame = null;
        List<String> leaves = null;
        int inFrame = 0;
        long last = 0;
        for (int i = 0; i < changes.size(); i++) {
            long offset = tx.offsetOf(i);
            EntityChange change = changes.get(i);
            if (offset <= after || !change.entity().equals(subscription.entity())) {
                continue;
            }
            boolean send;
            if (change.op() == ChangeOp.DELETE) {
                JsonObject state = change.data() != null ? change.data() : befores.before(i);
                send = state != null && visible(filter, policy, change.entity(), state);
            } else {
                send = visible(filter, policy, change.entity(), change.data());
                if (!send && change.op() == ChangeOp.UPDATE && visible(filter, policy, change.entity(), befores.before(i))) {
                    if (leaves == null) {
                        leaves = new ArrayList<>();
                    }
                    leaves.add(ServerFrames.leave(subscription.id(), offset, change.entity(), change.key()));
                    last = offset;
                }
            }
            if (!send) {
                continue;
            }
            if (inFrame == CHANGES_PER_FRAME) {
                out.offer(ServerFrames.changes(subscription.id(), tx.tx(), frame.build(), true), last);
                frame = null;
                inFrame = 0;
            }
            if (frame == null) {
                frame = Json.createArrayBuilder();
            }
            frame.add(change.toFrameJson(offset));
            inFrame++;
            last = offset;
        }
        if (frame != null) {
            out.offer(ServerFrames.changes(subscription.id(), tx.tx(), frame.build(), false), last);
        }
        if (leaves != null) {
            for (String leave : leaves) {
                out.offer(leave, last);
            }
        }
    }

    /** In the subscription's view: through its filter, and allowed to this session's user. */
    private static boolean visible(Filter filter, java.util.function.BiPredicate<String, JsonObject> policy,
                                   String entity, JsonObject data) {
        return data != null && filter.test(data) && policy.test(entity, data);
    }

    private boolean maySeeNow(String entity, JsonObject data) {
        return registry.policy().maySee(user, entity, data);
    }

    String user() {
        return user;
    }

    /** Pings the client (see {@link SendQueue#ping()}). */
    void heartbeat() {
        out.ping();
    }

    /**
     * The user lost sight of some rows (a membership ended, at {@code offset}): each subscription
     * gets {@code leave} for those of its rows, and from here on the policy keeps them out.
     */
    synchronized void revoke(RowPolicy.Revocation lost, long offset) {
        for (Subscription subscription : subscriptions.values()) {
            SnapshotReader.Page page = null;
            do {
                page = registry.snapshots().rows(subscription.entity(), subscription.filter(), lost.query(),
                        page == null ? null : page.lastKey(), CATCH_UP_PAGE);
                for (EntityChange row : page.rows()) {
                    if (lost.rows().test(new RowPolicy.Row(row.entity(), row.data()))) {
                        out.offer(ServerFrames.leave(subscription.id(), offset, row.entity(), row.key()), offset);
                    }
                }
            } while (page.rows().size() == CATCH_UP_PAGE);
        }
    }

}
