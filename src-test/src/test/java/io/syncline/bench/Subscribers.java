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

    /** How many changes the subscribers should receive of what {@code written} holds: each board's cards times its subscribers. */
    long expectedDeliveries(WrittenCards written) {
        return subscribers.stream().mapToLong(s -> written.of(s.board()).size()).sum();
    }

    long changesReceived() {
        return changesReceived.get();
    }

    /**
     * Waits until the subscribers received {@code expected} more changes than {@code before}, or
     * until {@code atMost}; a shortfall then shows as lost changes.
     */
    void awaitDeliveries(long before, long expected, Duration atMost) {
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(10))
                    .until(() -> changesReceived.get() - before >= expected);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            System.out.printf("  (only %d of %d changes arrived within %s; %s)%n",
                    changesReceived.get() - before, expected, atMost, closedSummary());
        }
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
