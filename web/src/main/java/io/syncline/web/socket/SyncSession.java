package io.syncline.web.socket;

import io.syncline.capture.EntityChange;
import io.syncline.relay.CommittedTransaction;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.websocket.Session;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server side of one WebSocket connection: its subscriptions and its send queue. Client
 * frames and deliveries are serialized on this object, so a subscription's watermark and the
 * stream after it never overlap or leave a gap.
 */
final class SyncSession {

    static final int MAX_SUBSCRIPTIONS = 100;
    static final int SEND_QUEUE_CAPACITY = 1024;

    private final SessionRegistry registry;
    private final SendQueue out;
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();

    SyncSession(Session session, SessionRegistry registry) {
        this.registry = registry;
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
        if (frame.has("filter") && !frame.json().get("filter").equals(Json.createObjectBuilder().build())) {
            throw new ProtocolException(ErrorCode.INVALID_FILTER, id, "filters are not supported yet");
        }
        if (frame.has("since") || frame.has("snapshot")) {
            throw new ProtocolException(ErrorCode.NOT_SUPPORTED, id, "'since' and 'snapshot' are not supported yet");
        }
        long watermark = registry.lastOffset();
        subscriptions.put(id, new Subscription(id, entity, watermark));
        out.offer(ServerFrames.subscribed(id, watermark), 0);
    }

    private void unsubscribe(ClientFrame frame) throws ProtocolException {
        if (subscriptions.remove(frame.id()) == null) {
            throw new ProtocolException(ErrorCode.UNKNOWN_SUBSCRIPTION, frame.id(),
                    "no open subscription '" + frame.id() + "'");
        }
    }

    /** Queues, for each subscription, one {@code changes} frame with the transaction's changes it wants. */
    synchronized void deliver(CommittedTransaction tx) {
        List<EntityChange> changes = tx.changes();
        for (Subscription subscription : subscriptions.values()) {
            JsonArrayBuilder wanted = null;
            long last = 0;
            for (int i = 0; i < changes.size(); i++) {
                long offset = tx.offsetOf(i);
                if (subscription.wants(changes.get(i).entity(), offset)) {
                    if (wanted == null) {
                        wanted = Json.createArrayBuilder();
                    }
                    wanted.add(changes.get(i).toJson(offset));
                    last = offset;
                }
            }
            if (wanted != null) {
                out.offer(ServerFrames.changes(subscription.id(), tx.tx(), wanted.build()), last);
            }
        }
    }
}
