package io.syncline.websocket;

import io.syncline.delivery.SessionRegistry;
import io.syncline.metrics.SynclineMetrics;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The WebSocket endpoint {@code /sync}: wire protocol v1 (see README, "Protocol"). */
@ServerEndpoint("/sync")
public class SyncEndpoint {

    /** The largest text frame accepted; a larger one closes the session with 1009. */
    public static final int MAX_FRAME_SIZE = 64 * 1024;

    private static final Logger LOG = Logger.getLogger(SyncEndpoint.class.getName());

    @Inject
    SessionRegistry registry;

    @Inject
    SynclineMetrics metrics;

    @OnOpen
    public void open(Session session) throws IOException {
        session.setMaxTextMessageBufferSize(MAX_FRAME_SIZE);
        if (session.getUserPrincipal() == null) {
            // web.xml refuses unauthenticated handshakes before the upgrade; this only guards it.
            session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "authentication required"));
            return;
        }
        if (!registry.open(session.getId(), session.getUserPrincipal().getName(), new SessionPeer(session, metrics::slowConsumerClosed))) {
            session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY,
                    "too many sessions: a user holds at most " + registry.sessionsPerUser()));
        }
    }

    @OnMessage(maxMessageSize = MAX_FRAME_SIZE)
    public void message(Session session, String text) throws IOException {
        // Not every container enforces maxMessageSize: the limit is checked here too.
        if (text.length() > MAX_FRAME_SIZE / 3 && text.getBytes(StandardCharsets.UTF_8).length > MAX_FRAME_SIZE) {
            session.close(new CloseReason(CloseReason.CloseCodes.TOO_BIG, "frames are limited to " + MAX_FRAME_SIZE + " bytes"));
            return;
        }
        registry.receive(session.getId(), text);
    }

    /** Binary frames are not part of the protocol: the session is closed with 1003. */
    @OnMessage
    public void binary(Session session, ByteBuffer data) throws IOException {
        session.close(new CloseReason(CloseReason.CloseCodes.CANNOT_ACCEPT, "binary frames are not accepted; send JSON text"));
    }

    /** The client's answer to the heartbeat's ping: it is still there (presence counts on it). */
    @OnMessage
    public void pong(Session session, PongMessage pong) {
        registry.pong(session.getId());
    }

    @OnClose
    public void close(Session session) {
        registry.close(session.getId());
    }

    @OnError
    public void error(Session session, Throwable error) {
        LOG.log(Level.FINE, "WebSocket error on session " + session.getId(), error);
    }
}
