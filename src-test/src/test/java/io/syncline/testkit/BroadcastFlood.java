package io.syncline.testkit;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends one pre-built frame to every session of {@link BroadcastEndpoint} as fast as the server
 * can, for a while: the ceiling of what this server's WebSocket stack broadcasts, with no
 * database, encoding or filtering. Each session gets its frames the way Syncline's send queue
 * sends them: one asynchronous {@code sendText(String, SendHandler)} at a time, the next when the
 * previous completed.
 */
@ApplicationScoped
public class BroadcastFlood {

    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();

    @Resource
    ManagedExecutorService executor;

    void add(Session session) {
        sessions.add(session);
    }

    void remove(Session session) {
        sessions.remove(session);
    }

    public int sessions() {
        return sessions.size();
    }

    /** Floods every session with {@code frame} for {@code duration}; returns how many frames were sent. */
    public long flood(String frame, Duration duration) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        AtomicLong sent = new AtomicLong();
        Set<Session> targets = Set.copyOf(sessions);
        CountDownLatch done = new CountDownLatch(targets.size());
        for (Session session : targets) {
            new SessionFlood(session, frame, deadline, sent, done).next();
        }
        if (!done.await(duration.toMillis() + 60_000, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(done.getCount() + " sessions still had a send in flight a minute after the flood");
        }
        return sent.get();
    }

    /** A frame for one session at a time until the deadline. */
    private final class SessionFlood implements SendHandler {
        private final Session session;
        private final String frame;
        private final long deadline;
        private final AtomicLong sent;
        private final CountDownLatch done;

        SessionFlood(Session session, String frame, long deadline, AtomicLong sent, CountDownLatch done) {
            this.session = session;
            this.frame = frame;
            this.deadline = deadline;
            this.sent = sent;
            this.done = done;
        }

        void next() {
            if (System.nanoTime() >= deadline || !session.isOpen()) {
                done.countDown();
                return;
            }
            try {
                session.getAsyncRemote().sendText(frame, this);
            } catch (RuntimeException e) {
                done.countDown();
            }
        }

        @Override
        public void onResult(SendResult result) {
            if (!result.isOK()) {
                done.countDown();
                return;
            }
            sent.incrementAndGet();
            // Not on the completing call's stack: a send that completes at once must not recurse,
            // nor keep this thread for one session while the others wait.
            executor.execute(this::next);
        }
    }
}
