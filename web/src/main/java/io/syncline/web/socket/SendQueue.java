package io.syncline.web.socket;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One session's bounded queue of outgoing frames, drained by asynchronous sends one at a time,
 * so that a slow session never delays another.
 *
 * <p>When the queue is full the session is too slow: further frames are dropped, the frames already
 * queued are still sent, and then the session is closed with 4008 and the last offset it received,
 * from which the client resumes.
 *
 * <p>Heartbeat pings (WebSocket control frames, answered by every client's WebSocket stack) go
 * through the same queue, ahead of the frames waiting there, so that no two sends ever overlap.
 */
final class SendQueue {

    static final CloseReason.CloseCode TOO_SLOW = CloseReason.CloseCodes.getCloseCode(4008);
    private static final Logger LOG = Logger.getLogger(SendQueue.class.getName());
    /** Stands for a heartbeat ping in the queue; told apart from text frames by identity. */
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String PING = new String("(heartbeat ping)");

    private final Session session;
    private final int capacity;
    /** A text frame, or {@link #PING}. */
    private final Deque<String> queue = new ArrayDeque<>();
    private boolean sending;
    private boolean overflowed;
    private long lastOffsetQueued;

    SendQueue(Session session, int capacity) {
        this.session = session;
        this.capacity = capacity;
    }

    /** Queues a frame; {@code offset} is the last change offset it carries, or 0 for none. */
    void offer(String frame, long offset) {
        synchronized (this) {
            if (overflowed) {
                return;
            }
            if (queue.size() >= capacity) {
                overflowed = true;
                return;
            }
            if (offset > 0) {
                lastOffsetQueued = offset;
            }
            if (sending) {
                queue.add(frame);
                return;
            }
            sending = true;
        }
        send(frame);
    }

    /**
     * Queues a heartbeat ping. The client's pong is traffic from the client, which keeps the server
     * from closing a connection whose client only listens (WildFly's listeners close connections
     * that have read nothing for 90 s by default) and lets it close one whose client is gone.
     */
    void ping() {
        synchronized (this) {
            if (overflowed) {
                return;
            }
            if (sending) {
                queue.addFirst(PING); // ahead of queued frames: a control frame may go between messages
                return;
            }
            sending = true;
        }
        send(PING);
    }

    /**
     * Blocks a producer that can wait (a replay, a snapshot) until the queue is at most half full,
     * so that catching up never overflows it. Returns false when the session is gone.
     */
    synchronized boolean awaitRoom() throws InterruptedException {
        while (queue.size() > capacity / 2 && !overflowed && session.isOpen()) {
            wait(1000);
        }
        return !overflowed && session.isOpen();
    }

    // Sends happen outside this object's lock (the container may call sent() on its I/O thread
    // while another thread queues); a send the container refuses closes the session rather than
    // leaving it stalled with its queue growing.
    private void send(String frame) {
        try {
            if (frame == PING) {
                session.getAsyncRemote().sendPing(ByteBuffer.allocate(0)); // does not wait for the pong
                sent(new SendResult());
            } else {
                session.getAsyncRemote().sendText(frame, this::sent);
            }
        } catch (IOException | RuntimeException e) {
            sent(new SendResult(e));
        }
    }

    private void sent(SendResult result) {
        String next;
        CloseReason close = null;
        synchronized (this) {
            if (!result.isOK()) {
                LOG.log(Level.FINE, "Send failed, closing the session", result.getException());
                sending = false;
                queue.clear();
                notifyAll();
                next = null;
                close = new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "send failed");
            } else {
                next = queue.poll();
                if (queue.size() == capacity / 2) {
                    notifyAll();
                }
                if (next == null) {
                    sending = false;
                    if (overflowed) {
                        close = new CloseReason(TOO_SLOW, "too slow; last offset " + lastOffsetQueued);
                    }
                }
            }
        }
        if (next != null) {
            send(next);
        } else if (close != null) {
            close(close);
        }
    }

    private void close(CloseReason reason) {
        try {
            session.close(reason);
        } catch (IOException e) {
            LOG.log(Level.FINE, "Close failed", e);
        }
    }
}
