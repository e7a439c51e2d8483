package io.syncline.delivery;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One session's bounded queue of outgoing frames, sent one at a time by asynchronous sends, so
 * that a slow session never delays another.
 *
 * <p>Producers that can wait (a session's subscriptions) offer frames only while the queue
 * {@link #hasRoom() has room} — at most half of its frames and of its bytes — and ask to be told
 * {@link #whenRoom when it has room again}; so the bound is never reached by the stream. Answers to
 * client frames (pongs, errors) are offered as they come; a session whose queue still fills up is
 * too slow and is closed with 4008, as is one whose send has not completed within the send
 * timeout ({@link #closeIfStalled}). Nothing queued is ever dropped silently: the session is
 * closed, and the client resumes.
 *
 * <p>A completed send starts the next one in a loop, not on the completing call's stack: a reader
 * that takes thousands of waiting frames at once costs no stack depth. Heartbeat pings go ahead of
 * the frames waiting here.
 */
final class SendQueue {

    static final CloseReason.CloseCode TOO_SLOW = CloseReason.CloseCodes.getCloseCode(4008);
    private static final Logger LOG = Logger.getLogger(SendQueue.class.getName());
    /** Stands for a heartbeat ping in the queue; told apart from text frames by identity. */
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String PING = new String("(heartbeat ping)");

    /** Where the frames go: the WebSocket session, or a test's stand-in. */
    private final Peer peer;
    private final int maxFrames;
    private final long maxChars;
    private final Deque<String> queue = new ArrayDeque<>();
    private long chars;
    /** A send is in flight or the drain loop runs; whoever sets it drains. */
    private boolean sending;
    /** Closed by this queue (overflow, failed send): nothing more is accepted. */
    private boolean closed;
    private Runnable whenRoom;
    /** When the text send in flight started ({@link System#nanoTime()}); null when none is. */
    private Long inFlightSince;

    /**
     * @param maxFrames the most frames queued at once
     * @param maxChars  the most characters queued at once (a frame larger than this is still taken
     *                  when the queue is empty)
     */
    SendQueue(Peer peer, int maxFrames, long maxChars) {
        this.peer = peer;
        this.maxFrames = maxFrames;
        this.maxChars = maxChars;
    }

    /**
     * Queues a frame. Returns false when the session takes nothing more: it is closed, or this frame
     * would overflow the queue (the session is then closed with 4008).
     */
    boolean offer(String frame) {
        boolean overflow = false;
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (queue.size() < maxFrames && (queue.isEmpty() || chars + frame.length() <= maxChars)) {
                queue.add(frame);
                chars += frame.length();
                if (sending) {
                    return true;
                }
                sending = true;
            } else {
                overflow = true;
                closed = true;
                queue.clear();
                chars = 0;
                whenRoom = null;
            }
        }
        if (overflow) {
            peer.close(new CloseReason(TOO_SLOW, "too slow"));
            return false;
        }
        drain();
        return true;
    }

    /**
     * Queues a heartbeat ping, ahead of the frames waiting (a control frame may go between
     * messages). The client's pong is traffic that keeps a listening client's connection open.
     */
    void ping() {
        synchronized (this) {
            if (closed) {
                return;
            }
            queue.addFirst(PING);
            if (sending) {
                return;
            }
            sending = true;
        }
        drain();
    }

    /** Whether a producer that can wait may offer more: at most half the frames and characters are queued. */
    synchronized boolean hasRoom() {
        return !closed && queue.size() <= maxFrames / 2 && chars <= maxChars / 2;
    }

    /**
     * Closes the session with 4008 when the send in flight started more than {@code timeoutNanos}
     * before {@code now}: its reader has stopped reading. (Not the container's send timeout: it cuts
     * the frame being written short, and a client that reads again then waits for the rest of it.)
     * The close frame goes out after what was already being written; nothing more is queued.
     */
    boolean closeIfStalled(long now, long timeoutNanos) {
        synchronized (this) {
            if (closed || inFlightSince == null || now - inFlightSince <= timeoutNanos) {
                return false;
            }
            closed = true;
            queue.clear();
            chars = 0;
            whenRoom = null;
        }
        peer.close(new CloseReason(TOO_SLOW, "too slow"));
        return true;
    }

    /** The frames waiting (for the metrics). */
    synchronized int size() {
        return queue.size();
    }

    /** Whether this queue closed the session. */
    synchronized boolean isClosed() {
        return closed;
    }

    /** Runs {@code task} once the queue has room again (at once if it has); one task waits at a time. */
    void whenRoom(Runnable task) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (!hasRoom()) {
                whenRoom = task;
                return;
            }
        }
        task.run();
    }

    /** Sends queued frames until the queue is empty or a send has not completed yet. */
    private void drain() {
        while (true) {
            String next;
            Runnable room = null;
            synchronized (this) {
                inFlightSince = null;
                next = closed ? null : queue.poll();
                if (next == null) {
                    sending = false;
                    return;
                }
                if (next != PING) {
                    chars -= next.length();
                    inFlightSince = System.nanoTime();
                }
                if (whenRoom != null && hasRoom()) {
                    room = whenRoom;
                    whenRoom = null;
                }
            }
            if (room != null) {
                room.run();
            }
            Send send = new Send();
            try {
                if (next == PING) {
                    peer.sendPing(); // does not wait for the pong
                    send.onResult(new SendResult());
                } else {
                    peer.sendText(next, send);
                }
            } catch (IOException | RuntimeException e) {
                send.onResult(new SendResult(e));
            }
            SendResult result = send.returned();
            if (result == null) {
                return; // completes later: its completion drains on
            }
            if (!result.isOK()) {
                failed(result);
                return;
            }
        }
    }

    private void failed(SendResult result) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            sending = false;
            queue.clear();
            chars = 0;
            whenRoom = null;
        }
        LOG.log(Level.FINE, "Send failed, closing the session", result.getException());
        peer.close(new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "send failed"));
    }

    /**
     * One send's completion. When it completes before the call that started it returned, the drain
     * loop goes on; when it completes later, the completing thread drains on.
     */
    private final class Send implements SendHandler {
        private boolean returned;
        private SendResult result;

        @Override
        public void onResult(SendResult sendResult) {
            boolean later;
            synchronized (this) {
                result = sendResult;
                later = returned;
            }
            if (later) {
                if (sendResult.isOK()) {
                    drain();
                } else {
                    failed(sendResult);
                }
            }
        }

        /** Called once the send call returned: its result if it completed meanwhile, else null. */
        synchronized SendResult returned() {
            returned = true;
            return result;
        }
    }
}
