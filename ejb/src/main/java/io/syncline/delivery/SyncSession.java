package io.syncline.delivery;

import io.syncline.journal.CommittedTransaction;
import jakarta.json.JsonNumber;
import jakarta.json.JsonValue;
import jakarta.websocket.CloseReason;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The server side of one WebSocket connection: its subscriptions, its send queue, and the worker
 * that moves each subscription forward.
 *
 * <p>The worker runs on the registry's session threads, one run at a time per session, and only
 * while the send queue has room: a session whose reader stalls holds no thread and no more memory
 * than its queue, and the stream it falls behind on is read from the journal when it reads again.
 * The database work a session needs (snapshot pages, replays, the rows a revocation takes away)
 * runs in its worker, so it never delays another session; only the user's view at the start of a
 * subscription is read as the subscribe is answered (once per user and offset, see
 * {@link Views#at}), so that a subscribed client costs no more database work until the stream
 * moves. Client frames and the worker are serialized on this object.
 */
final class SyncSession {

    static final int MAX_SUBSCRIPTIONS = 100;
    /** Frames queued for one session at most; the worker offers while at most half are. */
    static final int QUEUE_FRAMES = 1024;
    /** Characters queued for one session at most (a larger single frame is still taken alone). */
    static final long QUEUE_CHARS = 4L << 20;
    /** Rows per snapshot frame, and changes per journal read of a subscription behind the stream. */
    static final int CATCH_UP_PAGE = 500;
    /** Transactions a subscription takes from the recent ones in one step. */
    private static final int RECENT_STEP = 50;
    /** How long one worker run goes on before it makes way for other sessions' work. */
    private static final long RUN_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private static final Logger LOG = Logger.getLogger(SyncSession.class.getName());

    private final SessionRegistry registry;
    private final String id;
    private final String user;
    private final Peer peer;
    private final SendQueue out;
    private final SubscriptionReads reads;
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    /** The subscriptions in the registry's {@link Interests}, for {@link #closed} to take out without the lock. */
    private final Set<Subscription> interests = ConcurrentHashMap.newKeySet();
    private volatile boolean open = true;
    /** When the client was last heard from, a frame or a pong (System.nanoTime): presence counts only those heard lately. */
    private volatile long heardAt = System.nanoTime();

    private final Worker worker;
    private final Turns turns = new Turns();

    SyncSession(String id, String user, Peer peer, SessionRegistry registry) {
        this.registry = registry;
        this.id = id;
        this.user = user;
        this.peer = peer;
        this.out = new SendQueue(peer, QUEUE_FRAMES, QUEUE_CHARS);
        this.reads = new SubscriptionReads(registry, user, CATCH_UP_PAGE);
        this.worker = new Worker(registry::execute, this::steps, this::fail, () -> open, RUN_NANOS);
    }

    String user() {
        return user;
    }

    int subscriptionCount() {
        return interests.size();
    }

    int queuedFrames() {
        return out.size();
    }

    /** Whether the send queue is too full for the subscriptions to go on (and still open). */
    boolean backlogged() {
        return !out.hasRoom() && !out.isClosed();
    }

    /**
     * Answers a client frame. A frame the server refuses gets {@code error} with its reason; one it
     * fails to answer (the policy or the database failed) gets {@code error} {@code server-error},
     * and the log says why. Either way the session goes on.
     */
    synchronized void receive(String text) {
        heard();
        ClientFrame frame;
        try {
            frame = ClientFrame.parse(text);
        } catch (ProtocolException e) {
            out.offer(Frames.error(e));
            return;
        }
        try {
            switch (frame.op()) {
                case "subscribe" -> subscribe(frame);
                case "unsubscribe" -> unsubscribe(frame);
                case "ping" -> out.offer(Frames.pong(frame.id(), registry.lastOffset()));
                case "join" -> registry.presence().join(this, frame);
                case "part" -> registry.presence().part(this, frame);
                default -> throw new IllegalStateException("op accepted but not handled: " + frame.op());
            }
        } catch (ProtocolException e) {
            out.offer(Frames.error(e));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Answering " + frame.op() + " '" + ClientFrame.shorten(frame.id()) + "' of " + user + " failed", e);
            out.offer(Frames.error(new ProtocolException(ErrorCode.SERVER_ERROR, frame.id(), "the server could not answer; try again")));
        }
    }

    private void subscribe(ClientFrame frame) throws ProtocolException {
        String subscriptionId = frame.id();
        String entity = frame.requiredString("entity");
        if (subscriptions.containsKey(subscriptionId)) {
            throw new ProtocolException(ErrorCode.DUPLICATE_ID, subscriptionId, "subscription '" + subscriptionId + "' is already open");
        }
        if (subscriptions.size() >= MAX_SUBSCRIPTIONS) {
            throw new ProtocolException(ErrorCode.TOO_MANY_SUBSCRIPTIONS, subscriptionId,
                    "a session holds at most " + MAX_SUBSCRIPTIONS + " subscriptions");
        }
        if (!registry.isSynced(entity)) {
            throw new ProtocolException(ErrorCode.UNKNOWN_ENTITY, subscriptionId,
                    "'" + ClientFrame.shorten(entity) + "' is not a synced entity");
        }
        Filter filter;
        try {
            filter = registry.compileFilter(entity, frame.json().get("filter"));
        } catch (InvalidFilterException e) {
            throw new ProtocolException(ErrorCode.INVALID_FILTER, subscriptionId, e.getMessage());
        }
        long watermark = registry.lastOffset();
        Optional<String> refusal = registry.views().refusal(user, entity, filter, watermark);
        if (refusal.isPresent()) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, subscriptionId, refusal.get());
        }
        Long since = since(frame);
        boolean snapshot = snapshot(frame);
        if (since != null && snapshot) {
            throw new ProtocolException(ErrorCode.INVALID_FRAME, subscriptionId, "'since' and 'snapshot' exclude each other");
        }
        if (since != null) {
            registry.metrics().resumed();
        }
        if (since != null && since < registry.oldestResumableOffset()) {
            out.offer(reset(subscriptionId, "offset-expired", watermark));
            return;
        }
        if (since != null && since > watermark) {
            long published = registry.publishedOffset(); // this server may lag behind the others
            if (since > published) {
                out.offer(reset(subscriptionId, "offset-unknown", published));
                return;
            }
        }
        long after = since != null ? since : watermark;
        Subscription subscription = new Subscription(subscriptionId, entity, filter, after, snapshot);
        // Before 'subscribed': a client that has it may count on the server doing no more
        // database work for it until the stream moves.
        subscription.start(registry.views().at(user, after));
        subscription.liveAfter(watermark);
        subscriptions.put(subscriptionId, subscription);
        interested(subscription);
        out.offer(Frames.subscribed(subscriptionId, after));
        schedule();
    }

    /**
     * From now on, the transactions that may concern {@code subscription} go to its inbox and wake
     * this session; what came before, it reads from the recent transactions or the journal.
     */
    private void interested(Subscription subscription) {
        interests.add(subscription);
        registry.stream().holdingHandOn(handedOn -> {
            registry.interests().add(this, subscription);
            subscription.live(handedOn);
        });
        if (!open) { // closed meanwhile, perhaps before closed() could see it
            uninterested(subscription);
        }
    }

    private void uninterested(Subscription subscription) {
        interests.remove(subscription);
        registry.interests().remove(this, subscription);
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
        Subscription removed = subscriptions.remove(frame.id());
        if (removed == null) {
            throw new ProtocolException(ErrorCode.UNKNOWN_SUBSCRIPTION, frame.id(),
                    "no open subscription '" + frame.id() + "'");
        }
        uninterested(removed);
    }

    /** The client answered a ping, or sent a frame. */
    void heard() {
        heardAt = System.nanoTime();
    }

    long heardAt() {
        return heardAt;
    }

    /** Queues a frame that answers no client frame and belongs to no subscription (presence). */
    void tell(String frame) {
        out.offer(frame);
    }

    /** Pings the client (see {@link SendQueue#ping()}). */
    void heartbeat() {
        out.ping();
    }

    /**
     * Drops the session when its reader has not taken a frame for {@code timeoutNanos} (see
     * {@link SendQueue#closeIfStalled}); true when it did.
     */
    boolean closeIfStalled(long now, long timeoutNanos) {
        if (!out.closeIfStalled(now, timeoutNanos)) {
            return false;
        }
        LOG.fine(() -> "Session " + id + " of " + user + " took no frame for too long: closed (4008)");
        closed();
        return true;
    }

    /**
     * The connection is gone: nothing more is sent or judged. Takes no lock: a worker busy with the
     * database must not hold up whoever closes the session (the stall check serves every session).
     */
    void closed() {
        open = false;
        interests.forEach(this::uninterested);
        registry.presence().closed(this);
    }

    /**
     * A safety net, run every second: if a transaction waits in a subscription's inbox, the
     * worker runs (it is woken when a transaction is handed to it; this makes sure no wake-up is
     * missed for long). Takes no lock.
     */
    void nudge() {
        for (Subscription subscription : interests) {
            if (subscription.hasInbox()) {
                schedule();
                return;
            }
        }
    }

    /** There is more to do (a transaction was delivered, the queue has room again): the worker runs. */
    void schedule() {
        worker.schedule();
    }

    /**
     * One step for each subscription, in turn (see {@link Turns}), while the send queue has room;
     * a pass out of time goes on in the next one.
     */
    private synchronized Worker.Progress steps(long until) {
        return turns.pass(List.copyOf(subscriptions.values()), subscription -> {
            if (!open || subscriptions.get(subscription.id()) != subscription) {
                return Worker.Progress.IDLE; // closed, or unsubscribed or reset meanwhile
            }
            if (!out.hasRoom()) {
                out.whenRoom(this::schedule); // nothing when the queue closed the session
                return Worker.Progress.BLOCKED;
            }
            return step(subscription) ? Worker.Progress.MOVED : Worker.Progress.IDLE;
        }, () -> System.nanoTime() - until > 0);
    }

    /** Moves one subscription one step forward; false when it has nothing to do. */
    private boolean step(Subscription subscription) {
        if (!subscription.pending().isEmpty()) {
            while (!subscription.pending().isEmpty() && out.hasRoom()) {
                out.offer(subscription.pending().poll());
            }
            return true;
        }
        if (subscription.snapshotPending()) {
            reads.snapshotPage(subscription);
            return true;
        }
        if (subscription.overflowed()) { // it did not keep up: it reads up to a new start of its live stream
            registry.stream().holdingHandOn(subscription::relive);
        }
        // First: a gap the stream stepped over before it had handed this far on is known now.
        long handedOn = registry.stream().handedOnThrough();
        if (subscription.after() >= subscription.liveFrom() && subscription.after() >= registry.stream().gapThrough()) {
            return live(subscription, handedOn);
        }
        long newest = registry.lastOffset();
        List<Delivered> recent = registry.stream().recent().after(subscription.after(), RECENT_STEP);
        if (recent != null) {
            for (Delivered tx : recent) {
                judge(subscription, tx);
            }
            return true;
        }
        // Fallen behind what the server keeps: the journal has it, whole, or the client takes a new snapshot.
        List<CommittedTransaction> page = registry.journal().read(subscription.after(), newest, CATCH_UP_PAGE);
        if (!StreamContinuity.follows(subscription.after(), page)) {
            subscriptions.remove(subscription.id());
            uninterested(subscription);
            out.offer(reset(subscription.id(), "offset-expired", newest));
            return true;
        }
        for (CommittedTransaction tx : page) {
            judge(subscription, registry.stream().fromJournal(tx));
        }
        return true;
    }

    /**
     * One step of a subscription on the live stream: judges what its inbox holds through
     * {@code handedOn}; once it has, every transaction the stream had handed on by then has been
     * judged or did not concern it. (What came later waits for the next step: a gap may come
     * before it.)
     */
    private boolean live(Subscription subscription, long handedOn) {
        int taken = 0;
        Delivered tx;
        while (taken < RECENT_STEP && (tx = subscription.peek()) != null && tx.tx().lastOffset() <= handedOn) {
            subscription.poll();
            taken++;
            if (tx.tx().lastOffset() > subscription.after()) {
                judge(subscription, tx);
            }
        }
        tx = subscription.peek();
        if ((tx == null || tx.tx().lastOffset() > handedOn) && !subscription.overflowed()) {
            subscription.judgedThrough(handedOn);
        }
        return taken > 0;
    }

    private void judge(Subscription subscription, Delivered tx) {
        Subscription.Judged judged = subscription.advance(tx);
        if (judged.lost() != null) {
            reads.leaves(subscription, judged.group(), judged.lost(), tx.tx().lastOffset());
        }
        if (!judged.group().isEmpty()) {
            subscription.pending().addAll(judged.group().frames());
            registry.metrics().delivered(judged.group().changeCount());
            if (judged.group().changeCount() > 0 && tx.tx().firstOffset() > subscription.liveAfter()) {
                registry.metrics().commitToSend(tx.tx().committedAt()); // a replay's commit may be hours old
            }
        }
    }

    private String reset(String subscriptionId, String reason, long offset) {
        registry.metrics().reset(reason);
        return Frames.reset(subscriptionId, reason, offset);
    }

    /** Delivery to this session failed: it is closed, so that its client resumes; no other session is touched. */
    private void fail(RuntimeException e) {
        LOG.log(Level.SEVERE, "Delivering to session " + id + " of " + user + " failed; closing it (1011)", e);
        closed();
        peer.close(new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "server error; resume"));
    }
}
