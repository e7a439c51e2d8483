package io.syncline.web.socket;

import jakarta.inject.Inject;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
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

    @OnOpen
    public void open(Session session) {
        registry.open(session);
    }

    @OnMessage(maxMessageSize = MAX_FRAME_SIZE)
    public void message(Session session, String text) {
        registry.of(session).receive(text);
    }

    @OnClose
    public void close(Session session) {
        registry.close(session);
    }

    @OnError
    public void error(Session session, Throwable error) {
        LOG.log(Level.FINE, "WebSocket error on session " + session.getId(), error);
    }
}
