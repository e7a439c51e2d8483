package io.syncline.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.StringReader;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/** A real HTTP client of the REST API under {@code /api} and of the test kit under {@code /testkit}. */
final class Api {

    private final HttpClient http;
    private final java.net.URI base;
    private final String user;

    /** A client of the demo user alice. */
    Api() {
        this("alice");
    }

    /** A client of a demo user (password {@code <user>-demo}) with HTTP Basic; null for no credentials. */
    Api(String user) {
        this(Server.baseUri(), user);
    }

    /**
     * A client of the server at {@code base} (one node of a cluster) as a demo user, over HTTP/1.1:
     * a long request, such as the test kit's paced writes, must not meet an HTTP/2 GOAWAY.
     */
    Api(java.net.URI base, String user) {
        this(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), base, user);
    }

    private Api(HttpClient http, java.net.URI base, String user) {
        this.http = http;
        this.base = base;
        this.user = user;
    }

    /**
     * A client that keeps cookies, like a browser: it authenticates by logging in ({@code POST
     * /api/login}). Over HTTP/1.1, as a browser speaks plain HTTP: it never offers the upgrade to
     * HTTP/2 (h2c) that the JDK's client offers by default.
     */
    static Api withCookies() {
        return new Api(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(new java.net.CookieManager()).build(),
                Server.baseUri(), null);
    }

    /** The HTTP client, for a WebSocket that shares its cookies. */
    HttpClient http() {
        return http;
    }

    static String basic(String user) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + user + "-demo").getBytes(StandardCharsets.UTF_8));
    }

    record Reply(int status, String body, java.net.http.HttpHeaders headers) {
        JsonObject json() {
            try (var reader = Json.createReader(new StringReader(body))) {
                return reader.readObject();
            }
        }

        jakarta.json.JsonArray array() {
            try (var reader = Json.createReader(new StringReader(body))) {
                return reader.readArray();
            }
        }
    }

    Reply send(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (user != null && !path.startsWith("testkit/")) {
            request.header("Authorization", basic(user));
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response.headers());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Reply expect(int status, Reply reply) {
        if (reply.status() != status) {
            throw new AssertionError("expected HTTP " + status + " but got " + reply.status() + ": " + reply.body());
        }
        return reply;
    }

    /** Creates a board with a unique name, so each test watches its own rows. */
    JsonObject newBoard() {
        String name = "board-" + UUID.randomUUID();
        return expect(201, send("POST", "api/boards", json(Json.createObjectBuilder().add("name", name).build()))).json();
    }

    JsonObject newCard(long boardId, String title) {
        return expect(201, send("POST", "api/boards/" + boardId + "/cards", card(title, "todo", 0))).json();
    }

    JsonObject card(long id) {
        return expect(200, send("GET", "api/cards/" + id, null)).json();
    }

    Reply updateCard(long id, long version, String title, String status, int position) {
        return send("PUT", "api/cards/" + id, card(title, status, position), "If-Match", "\"" + version + "\"");
    }

    Reply deleteCard(long id, long version) {
        return send("DELETE", "api/cards/" + id, null, "If-Match", "\"" + version + "\"");
    }

    /** Calls a test kit scenario. */
    Reply testkit(String method, String scenario, String... query) {
        StringBuilder path = new StringBuilder("testkit/scenarios/").append(scenario);
        for (int i = 0; i < query.length; i += 2) {
            path.append(i == 0 ? '?' : '&').append(query[i]).append('=')
                    .append(URLEncoder.encode(query[i + 1], StandardCharsets.UTF_8));
        }
        return send(method, path.toString(), null);
    }

    /** Waits until every journaled change has its offset. */
    void awaitAllNumbered(java.time.Duration atMost) {
        org.awaitility.Awaitility.await().atMost(atMost)
                .until(() -> "0".equals(expect(200, send("GET", "testkit/journal/unsequenced", null)).body()));
    }

    /** The journal's numbered Card changes after {@code after}, in offset order. */
    List<JsonObject> journal(long after) {
        return expect(200, send("GET", "testkit/journal/entries?entity=Card&after=" + after, null)).array()
                .getValuesAs(JsonObject.class);
    }

    static String card(String title, String status, int position) {
        return json(Json.createObjectBuilder().add("title", title).add("status", status).add("position", position).build());
    }

    static String json(JsonStructure json) {
        return json.toString();
    }

}
