package io.syncline.bench;

import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A WebSocket listener that hands each whole text message, with the moment its last part arrived,
 * to {@link #message}; notes the close. The JDK client calls one socket's listener one call at a
 * time.
 */
abstract class TextListener implements WebSocket.Listener {

    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<String> closed = new CompletableFuture<>();

    /** A whole text message; {@code arrivalMicros} in epoch microseconds. */
    protected abstract void message(String text, long arrivalMicros);

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        if (last) {
            long arrival = io.syncline.testkit.Pacer.epochMicros();
            String text;
            if (partial.isEmpty()) {
                text = data.toString();
            } else {
                text = partial.append(data).toString();
                partial.setLength(0);
            }
            message(text, arrival);
        } else {
            partial.append(data);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode + " " + reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete("failed: " + error);
    }

    /** How the connection ended, or null while it is open. */
    String closed() {
        return closed.getNow(null);
    }
}
