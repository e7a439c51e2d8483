package io.syncline.websocket;

import io.syncline.delivery.Peer;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** A WebSocket session as the delivery's peer. */
final class SessionPeer implements Peer {

    private static final Logger LOG = Logger.getLogger(SessionPeer.class.getName());
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    /** The delivery's close code for a reader that did not keep up. */
    private static final int TOO_SLOW = 4008;

    private final Session session;
    private final Runnable onTooSlow;

    SessionPeer(Session session, Runnable onTooSlow) {
        this.session = session;
        this.onTooSlow = onTooSlow;
    }

    @Override
    public void sendText(String frame, SendHandler done) {
        session.getAsyncRemote().sendText(frame, done);
    }

    @Override
    public void sendPing() throws IOException {
        session.getAsyncRemote().sendPing(EMPTY.duplicate());
    }

    @Override
    public void close(CloseReason reason) {
        if (reason.getCloseCode().getCode() == TOO_SLOW) {
            onTooSlow.run();
        }
        try {
            session.close(reason);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Closing session " + session.getId() + " failed", e);
        }
    }
}
