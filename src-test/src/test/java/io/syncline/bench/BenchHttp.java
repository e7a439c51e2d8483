package io.syncline.bench;

import io.syncline.it.Server;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;

/**
 * The benchmarks' HTTP client of the demo's REST API and the test kit, as a demo user with HTTP
 * Basic (password {@code <user>-demo}); and the WebSocket handshake with the same credentials.
 */
final class BenchHttp {

    private final HttpClient http;
    private final URI base;
    private final String user;

    BenchHttp(String user) {
        this(HttpClient.newHttpClient(), user);
    }

    BenchHttp(HttpClient http, String user) {
        this(http, Server.baseUri(), user);
    }

    /** A client of the server at {@code base} (one node of a cluster). */
    BenchHttp(HttpClient http, URI base, String user) {
        this.http = http;
        this.base = base;
        this.user = user;
    }

    static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + user + "-demo").getBytes(StandardCharsets.UTF_8));
    }

    String user() {
        return user;
    }

    /** A request to {@code path} under this client's server's root, with this user's credentials. */
    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).header("Authorization", basic(user));
    }

    /** POSTs a JSON body (or none); returns the body of a 2xx answer, else throws. */
    String post(String path, String body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build());
    }

    String put(String path) {
        return send(request(path).PUT(HttpRequest.BodyPublishers.noBody()).build());
    }

    String get(String path) {
        return send(request(path).GET().build());
    }

    /** Sends asynchronously; the body of a 2xx answer, or a failure. */
    CompletableFuture<String> sendAsync(HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(BenchHttp::body);
    }

    private String send(HttpRequest request) {
        try {
            return body(http.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String body(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(response.request().method() + " " + response.uri() + ": HTTP "
                    + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    /** Opens a WebSocket at {@code path} (relative to this client's server's root) as this user. */
    CompletableFuture<WebSocket> webSocket(String path, WebSocket.Listener listener) {
        return webSocket(http, URI.create(base.toString().replaceFirst("^http", "ws")).resolve(path), user, listener);
    }

    /** Opens a WebSocket at {@code path} through {@code client} as {@code user} (no credentials when null). */
    static CompletableFuture<WebSocket> webSocket(HttpClient client, String path, String user, WebSocket.Listener listener) {
        return webSocket(client, Server.webSocketUri(path), user, listener);
    }

    private static CompletableFuture<WebSocket> webSocket(HttpClient client, URI uri, String user, WebSocket.Listener listener) {
        WebSocket.Builder builder = client.newWebSocketBuilder();
        if (user != null) {
            builder.header("Authorization", basic(user));
        }
        return builder.buildAsync(uri, listener);
    }

    static JsonObject object(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    static JsonArray array(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readArray();
        }
    }
}
