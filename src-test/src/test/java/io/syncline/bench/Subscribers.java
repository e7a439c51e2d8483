package io.syncline.bench;

import static org.awaitility.Awaitility.await;

import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load benchmark's subscribers: {@code count} sockets to {@code /sync} spread over the boards
 * (subscriber i watches board i mod B) and over the demo users (i mod 3), each subscribed to its
 * board's cards with a {@code boardId eq} filter.
 */
final class Subscribers implements AutoCloseable {

    static final List<String> USERS = List.of("alice", "bob", "carol");

    private final SocketPool pool;
    private final List<Subscriber> subscribers = new ArrayList<>();
    private final AtomicLong changesReceived = new AtomicLong();
    /** Every card written since the subscribers subscribed: what they must have received in the end. */
    private final WrittenCards written = new WrittenCards();

    private Subscribers(SocketPool pool) {
        this.pool = pool;
    }

    /** Connects and subscribes {@code count} subscribers over {@code boards}; returns once every one is subscribed. */
    static Subscribers subscribe(int count, List<Long> boards, SocketPool pool, Duration atMost) {
        Subscribers all = new Subscribers(pool);
        for (int i = 0; i < count; i++) {
            all.subscribers.add(new Subscriber(boards.get(i % boards.size()), all.changesReceived));
        }
        List<WebSocket> sockets = pool.open(count, "sync", i -> USERS.get(i % USERS.size()), all.subscribers::get);
        for (int i = 0; i < count; i++) {
            sockets.get(i).sendText(all.subscribers.get(i).subscribeFrame("s" + i), true);
        }
        await().atMost(atMost).pollInterval(Duration.ofMillis(20))
                .alias("every subscriber has its subscribed frame; " + all.unsubscribed() + " have not")
                .until(() -> all.subscribers.stream().allMatch(Subscriber::subscribed));
        return all;
    }

    private long unsubscribed() {
        return subscribers.stream().filter(s -> !s.subscribed()).count();
    }

    int size() {
        return subscribers.size();
    }

    /** Adds cards that were written: every subscriber of their board must receive them. */
    void written(WrittenCards cards) {
        cards.forEach(written::add);
    }

    /** How many cards the subscribers must receive of everything written: each board's cards times its subscribers. */
    private long expectedDeliveries() {
        return subscribers.stream().mapToLong(s -> written.of(s.board()).size()).sum();
    }

    /**
     * Waits until every card written so far has reached every subscriber of its board, or until
     * {@code atMost}: a step that leaves a backlog is not measured again in the next one. Returns
     * whether everything arrived.
     */
    boolean awaitAllDelivered(Duration atMost) {
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(10)).until(() -> changesReceived.get() >= expectedDeliveries());
            return true;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            System.out.printf("  (%d of %d changes arrived within %s; %s)%n",
                    changesReceived.get(), expectedDeliveries(), atMost, closedSummary());
            return false;
        }
    }

    /** The cards written on a subscriber's board that it has not received, summed over the subscribers. */
    long lost() {
        return subscribers.stream().mapToLong(s -> s.missing(written.of(s.board()))).sum();
    }

    /** Ends the current step: what every subscriber received during it. */
    StepLog finishStep() {
        return new StepLog(subscribers);
    }

    long reordered() {
        return subscribers.stream().mapToLong(Subscriber::reordered).sum();
    }

    long duplicated() {
        return subscribers.stream().mapToLong(Subscriber::duplicated).sum();
    }

    /** The mean length of a change frame received so far. */
    int meanFrameChars() {
        return (int) subscribers.stream().mapToInt(Subscriber::meanFrameChars).filter(n -> n > 0).average().orElse(0);
    }

    /** How many sockets the server closed, and the first close seen. */
    String closedSummary() {
        List<String> closed = subscribers.stream().map(Subscriber::closed).filter(c -> c != null).toList();
        return closed.isEmpty() ? "no socket closed" : closed.size() + " sockets closed, first: " + closed.get(0);
    }

    @Override
    public void close() {
        pool.close();
    }
}
