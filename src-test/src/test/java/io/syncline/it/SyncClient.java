package io.syncline.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A real WebSocket client of {@code /sync} (the JDK's), recording every frame it receives. */
public final class SyncClient implements WebSocketClient {

    static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final List<JsonObject> frames = new CopyOnWriteArrayList<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private final WebSocket socket;
    /** While paused the client takes no more messages: the server's sends back up as with a reader that stalls. */
    private volatile boolean paused;
    private boolean owed; // a message was taken while paused: request one on resume (guarded by this)
    private java.util.concurrent.ScheduledExecutorService keepAlive;
    private final Object sending = new Object();

    /** {@code authorization}: the handshake's Authorization header, or null for none. */
    private SyncClient(HttpClient http, URI uri, String authorization) {
        WebSocket.Builder builder = http.newWebSocketBuilder();
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        this.socket = builder.buildAsync(uri, new Recorder()).join();
    }

    /** Connects as the demo user alice. */
    static SyncClient connect() {
        return connect("alice");
    }

    public static SyncClient connect(String user) {
        return new SyncClient(HttpClient.newHttpClient(), Server.webSocketUri(), Api.basic(user));
    }

    /**
     * Connects to the WebSocket at {@code uri} (another application's endpoint, for instance
     * {@code /notes/sync}) with this Authorization header, or none when null.
     */
    static SyncClient connect(URI uri, String authorization) {
        return new SyncClient(HttpClient.newHttpClient(), uri, authorization);
    }

    /** Connects with the cookies of {@code browser} (its HTTP session), without other credentials. */
    static SyncClient connect(Api browser) {
        return new SyncClient(browser.http(), Server.webSocketUri(), null);
    }

    /** Connects and subscribes to an entity; returns once {@code subscribed} arrived. */
    static SyncClient subscribedTo(String entity) {
        return subscribedTo(entity, "alice");
    }

    /** Connects as {@code user} and subscribes to an entity; returns once {@code subscribed} arrived. */
    static SyncClient subscribedTo(String entity, String user) {
        SyncClient client = connect(user);
        client.send("{\"op\":\"subscribe\",\"id\":\"s1\",\"entity\":\"" + entity + "\"}");
        client.awaitFrame(f -> "subscribed".equals(f.getString("type", null)) && "s1".equals(f.getString("id", null)));
        return client;
    }

    /** The offsets of the changes received on a subscription, in arrival order. */
    List<Long> offsets(String subscription) {
        return changes(subscription).stream().map(c -> c.getJsonNumber("offset").longValue()).toList();
    }

    /** The changes received on a subscription, in arrival order. */
    List<JsonObject> changes(String subscription) {
        return frames.stream()
                .filter(f -> "changes".equals(f.getString("type", null)) && subscription.equals(f.getString("id", null)))
                .flatMap(f -> f.getJsonArray("changes").getValuesAs(JsonObject.class).stream())
                .toList();
    }

    /** The newest offset received on a subscription, or 0. */
    long lastOffset(String subscription) {
        List<Long> offsets = offsets(subscription);
        return offsets.isEmpty() ? 0 : offsets.get(offsets.size() - 1);
    }

    /** Sends a text frame; one send at a time (a paused client's keep-alive pings send too). */
    public void send(String text) {
        synchronized (sending) {
            socket.sendText(text, true).join();
        }
    }

    /**
     * Stops reading but keeps sending a ping frame every second: the server's read timeout never
     * drops this client, as it would one that went silent. A reader that stalls and still talks.
     */
    void pauseTalking() {
        paused = true;
        keepAlive = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        keepAlive.scheduleWithFixedDelay(() -> {
            if (!closed.isDone()) {
                send("{\"op\":\"ping\",\"id\":\"keep-alive\"}");
            }
        }, 0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Reads again, as fast as frames come. */
    void resume() {
        if (keepAlive != null) {
            keepAlive.shutdownNow();
            keepAlive = null;
        }
        boolean request;
        synchronized (this) {
            paused = false;
            request = owed;
            owed = false;
        }
        if (request) {
            socket.request(1);
        }
    }

    void sendBinary(byte[] bytes) {
        socket.sendBinary(java.nio.ByteBuffer.wrap(bytes), true).join();
    }

    /** Waits until the server closes the connection; returns its close code and reason. */
    String awaitClosed() {
        return awaitClosed(TIMEOUT);
    }

    String awaitClosed(Duration atMost) {
        try {
            return closed.copy().orTimeout(atMost.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw new AssertionError("the server did not close the connection within " + atMost + "; " + this, e);
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    public List<JsonObject> frames() {
        return List.copyOf(frames);
    }

    /** What a failed wait reports: how many frames arrived, the last ones, and how the socket closed. */
    @Override
    public String toString() {
        List<JsonObject> received = List.copyOf(frames);
        String last = received.subList(Math.max(0, received.size() - 3), received.size()).toString();
        return received.size() + " frames received, the last " + (last.length() > 600 ? last.substring(0, 600) + "..." : last)
                + (closed.isDone() ? ", closed " + closed.join() : ", open");
    }

    /** The changes frames received so far, of which at least one change matches. */
    List<JsonObject> changesFrames(Predicate<JsonObject> change) {
        return frames.stream()
                .filter(f -> "changes".equals(f.getString("type", null)))
                .filter(f -> f.getJsonArray("changes").getValuesAs(JsonObject.class).stream().anyMatch(change))
                .toList();
    }

    /** Waits for the first change that matches and returns it. */
    JsonObject awaitChange(Predicate<JsonObject> change) {
        JsonObject frame = awaitFrame(f -> "changes".equals(f.getString("type", null))
                && f.getJsonArray("changes").getValuesAs(JsonObject.class).stream().anyMatch(change));
        return frame.getJsonArray("changes").getValuesAs(JsonObject.class).stream().filter(change).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        if (keepAlive != null) {
            keepAlive.shutdownNow();
        }
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }

    private final class Recorder implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try (var reader = Json.createReader(new StringReader(partial.toString()))) {
                    frames.add(reader.readObject());
                }
                partial.setLength(0);
            }
            synchronized (SyncClient.this) {
                if (paused) {
                    owed = true;
                    return null;
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete("1006 " + error);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
        }
    }
}
